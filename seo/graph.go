package seo

import "github.com/seopipe/seopipe/site"

// The JSON-LD graph of a page (docs/rules.md rules 20–24). Nodes are structs, not
// maps, so the properties come out in a fixed order and the bytes are the
// same on every run. omitempty drops what the input does not know: the graph
// never holds an empty string, a zero size or an unknown date.

// graph is the whole JSON-LD document.
type graph struct {
	Context string `json:"@context"`
	Graph   []any  `json:"@graph"`
}

// ref points at the node with that @id.
type ref struct {
	ID string `json:"@id"`
}

// articleNode is the post: a BlogPosting, NewsArticle or Article.
type articleNode struct {
	Type             string   `json:"@type"`
	ID               string   `json:"@id"`
	Headline         string   `json:"headline"`
	Description      string   `json:"description,omitempty"`
	DatePublished    string   `json:"datePublished,omitempty"`
	DateModified     string   `json:"dateModified,omitempty"`
	Author           []ref    `json:"author,omitempty"`
	Publisher        ref      `json:"publisher"`
	MainEntityOfPage ref      `json:"mainEntityOfPage"`
	IsPartOf         ref      `json:"isPartOf"`
	Image            []any    `json:"image,omitempty"` // refs and ImageObjects
	Keywords         []string `json:"keywords,omitempty"`
	ArticleSection   string   `json:"articleSection,omitempty"`
	WordCount        int      `json:"wordCount,omitempty"`
	InLanguage       string   `json:"inLanguage,omitempty"`
}

// webPageNode is the page the article is the main entity of.
type webPageNode struct {
	Type               string `json:"@type"`
	ID                 string `json:"@id"`
	URL                string `json:"url"`
	Name               string `json:"name"`
	Description        string `json:"description,omitempty"`
	IsPartOf           ref    `json:"isPartOf"`
	Breadcrumb         ref    `json:"breadcrumb"`
	PrimaryImageOfPage *ref   `json:"primaryImageOfPage,omitempty"`
	DatePublished      string `json:"datePublished,omitempty"`
	DateModified       string `json:"dateModified,omitempty"`
	InLanguage         string `json:"inLanguage,omitempty"`
}

// imageNode is an ImageObject: the primary image (a node of the graph) or
// the publisher's logo (nested, without @id).
type imageNode struct {
	Type           string `json:"@type"`
	ID             string `json:"@id,omitempty"`
	URL            string `json:"url"`
	ContentURL     string `json:"contentUrl"`
	Width          int    `json:"width,omitempty"`
	Height         int    `json:"height,omitempty"`
	EncodingFormat string `json:"encodingFormat,omitempty"`
	Caption        string `json:"caption,omitempty"`
}

// breadcrumbNode is the BreadcrumbList of the page.
type breadcrumbNode struct {
	Type            string     `json:"@type"`
	ID              string     `json:"@id"`
	ItemListElement []listItem `json:"itemListElement"`
}

// listItem is one breadcrumb; the last has no item.
type listItem struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	Name     string `json:"name"`
	Item     string `json:"item,omitempty"`
}

// webSiteNode is the site.
type webSiteNode struct {
	Type        string `json:"@type"`
	ID          string `json:"@id"`
	URL         string `json:"url"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	InLanguage  string `json:"inLanguage,omitempty"`
	Publisher   ref    `json:"publisher"`
}

// organizationNode is the publisher.
type organizationNode struct {
	Type string     `json:"@type"`
	ID   string     `json:"@id"`
	Name string     `json:"name,omitempty"`
	URL  string     `json:"url"`
	Logo *imageNode `json:"logo,omitempty"`
}

// personNode is an author.
type personNode struct {
	Type   string   `json:"@type"`
	ID     string   `json:"@id"`
	Name   string   `json:"name"`
	URL    string   `json:"url,omitempty"`
	SameAs []string `json:"sameAs,omitempty"`
	Image  string   `json:"image,omitempty"`
}

// The @id of the graph's nodes. Site-wide nodes hang off the site URL, so
// every page names the same WebSite, Organization and Person nodes; page
// nodes hang off the canonical URL.
func websiteID(m *meta) string      { return m.siteURL + "#website" }
func organizationID(m *meta) string { return m.siteURL + "#organization" }
func articleID(m *meta) string      { return m.canonical + "#article" }
func imageID(m *meta) string        { return m.canonical + "#primaryimage" }
func breadcrumbID(m *meta) string   { return m.canonical + "#breadcrumb" }

// buildGraph returns the JSON-LD document of the page, nodes in a fixed
// order: article, WebPage, primary ImageObject, BreadcrumbList, WebSite,
// Organization, then one Person per author.
func buildGraph(m *meta) *graph {
	published, modified := timestamp(m.published), timestamp(m.modified)
	nodes := make([]any, 0, 6+len(m.authors))

	art := &articleNode{
		Type:             m.articleType,
		ID:               articleID(m),
		Headline:         m.headline,
		Description:      m.description,
		DatePublished:    published,
		DateModified:     modified,
		Publisher:        ref{organizationID(m)},
		MainEntityOfPage: ref{m.canonical},
		IsPartOf:         ref{m.canonical},
		Keywords:         m.keywords,
		ArticleSection:   m.section,
		WordCount:        m.wordCount,
		InLanguage:       m.lang,
	}
	if len(art.Keywords) == 0 {
		art.Keywords = m.tags
	}
	if len(m.authors) > 0 {
		art.Author = make([]ref, len(m.authors))
		for i, a := range m.authors {
			art.Author[i] = ref{a.id}
		}
	} else {
		// No named author: the publisher wrote it (rule 22 wants an author array).
		art.Author = []ref{{organizationID(m)}}
	}
	// The hero's aspect crops, as Google's Article guidance asks (rule
	// 22), those of at least 50,000 pixels: the primary image by
	// reference where it is one of them (no card), and not the card, whose
	// 1.91:1 is none of them. The page's primaryImageOfPage names the
	// primary image.
	for _, c := range m.crops {
		if !c.ArticleSized() {
			continue
		}
		if c.URL == m.image.URL {
			art.Image = append(art.Image, ref{imageID(m)})
			continue
		}
		n := imageObject(&c)
		n.Caption = m.imageAlt
		art.Image = append(art.Image, n)
	}
	if len(art.Image) == 0 && m.image != nil && m.image.ArticleSized() {
		art.Image = []any{ref{imageID(m)}} // no crop Google takes: the card, or the hero as it is
	}
	nodes = append(nodes, art)

	page := &webPageNode{
		Type:          "WebPage",
		ID:            m.canonical,
		URL:           m.canonical,
		Name:          m.title,
		Description:   m.description,
		IsPartOf:      ref{websiteID(m)},
		Breadcrumb:    ref{breadcrumbID(m)},
		DatePublished: published,
		DateModified:  modified,
		InLanguage:    m.lang,
	}
	if m.image != nil {
		page.PrimaryImageOfPage = &ref{imageID(m)}
	}
	nodes = append(nodes, page)

	if m.image != nil {
		img := imageObject(m.image)
		img.ID = imageID(m)
		img.Caption = m.image.Alt
		nodes = append(nodes, img)
	}

	crumbs := []listItem{{Type: "ListItem", Position: 1, Name: m.homeName, Item: m.siteURL}}
	if m.categoryURL != "" {
		crumbs = append(crumbs, listItem{Type: "ListItem", Position: 2, Name: m.section, Item: m.categoryURL})
	}
	crumbs = append(crumbs, listItem{Type: "ListItem", Position: len(crumbs) + 1, Name: m.headline})
	nodes = append(nodes, &breadcrumbNode{Type: "BreadcrumbList", ID: breadcrumbID(m), ItemListElement: crumbs})

	nodes = append(nodes, &webSiteNode{
		Type:        "WebSite",
		ID:          websiteID(m),
		URL:         m.siteURL,
		Name:        m.siteName,
		Description: m.siteDesc,
		InLanguage:  m.siteLang,
		Publisher:   ref{organizationID(m)},
	})

	org := &organizationNode{Type: "Organization", ID: organizationID(m), Name: m.orgName, URL: m.orgURL}
	if m.logo != nil {
		org.Logo = imageObject(m.logo)
	}
	nodes = append(nodes, org)

	for _, a := range m.authors {
		p := &personNode{Type: "Person", ID: a.id, Name: a.name, URL: a.url, Image: a.image}
		if a.twitter != "" {
			p.SameAs = []string{"https://x.com/" + a.twitter}
		}
		nodes = append(nodes, p)
	}
	return &graph{Context: "https://schema.org", Graph: nodes}
}

// imageObject is the ImageObject of img, with its size only when measured
// and its media type only when known.
func imageObject(img *site.Image) *imageNode {
	n := &imageNode{Type: "ImageObject", URL: img.URL, ContentURL: img.URL, EncodingFormat: img.MIME}
	if img.Measured() {
		n.Width, n.Height = img.Width, img.Height
	}
	return n
}
