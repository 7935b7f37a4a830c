package verify

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"strings"
	"time"

	"golang.org/x/net/html"
	htmlatom "golang.org/x/net/html/atom"
)

// head checks seo/<slug>/head.html (rules 15–20) and records its dates
// and image for rule 28.
func (c *checker) head(name, canonical string) {
	data, err := fs.ReadFile(c.fsys, name)
	if err != nil {
		c.bad(name, "missing: %v", err)
		return
	}
	nodes, err := html.ParseFragment(bytes.NewReader(data), &html.Node{Type: html.ElementNode, Data: "head", DataAtom: htmlatom.Head})
	if err != nil {
		c.bad(name, "invalid HTML: %v", err)
		return
	}
	meta := map[string][]string{}
	links := map[string][]string{}
	var title string
	var scripts []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			switch n.Data {
			case "meta":
				k := attr["property"]
				if k == "" {
					k = attr["name"]
				}
				meta[k] = append(meta[k], attr["content"])
			case "link":
				links[attr["rel"]] = append(links[attr["rel"]], attr["href"])
			case "title":
				if n.FirstChild != nil {
					title = n.FirstChild.Data
				}
			case "script":
				if attr["type"] == "application/ld+json" && n.FirstChild != nil {
					scripts = append(scripts, n.FirstChild.Data)
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	if title == "" {
		c.bad(name, "rule 19: no <title>")
	}
	if len(meta["description"]) != 1 {
		c.bad(name, "rule 19: %d meta description tags, want 1", len(meta["description"]))
	}
	if got := links["canonical"]; len(got) != 1 || got[0] != canonical {
		c.bad(name, "rule 19: canonical %q, want %q", got, canonical)
	}
	for _, k := range []string{"og:title", "og:type", "og:url", "og:site_name", "og:description", "og:locale"} {
		if len(meta[k]) != 1 || meta[k][0] == "" {
			c.bad(name, "rule 15: %d %s tags, want exactly one, not empty", len(meta[k]), k)
		}
	}
	if v := meta["og:url"]; len(v) == 1 && v[0] != canonical {
		c.bad(name, "rule 15: og:url %q is not the canonical URL %q", v[0], canonical)
	}
	if v := meta["og:type"]; len(v) == 1 && v[0] != "article" {
		c.bad(name, "rule 15: og:type %q, want article", v[0])
	}
	if img := meta["og:image"]; len(img) > 1 {
		c.bad(name, "rule 15: %d og:image tags, want one", len(img))
	} else if len(img) == 1 {
		if !absolute(img[0]) {
			c.bad(name, "rule 15: og:image %q is not absolute", img[0])
		}
		c.fact(canonical).image[name] = img[0]
		if a := meta["og:image:alt"]; len(a) != 1 || a[0] == "" {
			c.bad(name, "rule 16: og:image:alt missing or empty")
		}
		if meta["twitter:card"] == nil || meta["twitter:card"][0] != "summary_large_image" {
			c.bad(name, "rule 18: twitter:card should be summary_large_image with an image")
		}
	}
	for _, k := range []string{"article:published_time", "article:modified_time"} {
		for _, v := range meta[k] {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				c.bad(name, "rule 17: %s %q is not ISO 8601 with an offset", k, v)
				continue
			}
			if k == "article:published_time" {
				c.fact(canonical).published[name] = t
			} else {
				c.fact(canonical).modified[name] = t
			}
		}
	}
	if len(scripts) != 1 {
		c.bad(name, "rule 20: %d JSON-LD scripts, want 1", len(scripts))
		return
	}
	if strings.Contains(scripts[0], "</") {
		c.bad(name, "rule 20: the JSON-LD contains a raw \"</\"")
	}
	var doc any
	if err := json.Unmarshal([]byte(scripts[0]), &doc); err != nil {
		c.bad(name, "rule 20: the JSON-LD is not valid JSON: %v", err)
	}
}
