package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	xhtml "golang.org/x/net/html"

	"github.com/seopipe/seopipe/images"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/manifest"
	"github.com/seopipe/seopipe/post"
)

// testJPEG is a w×h JPEG with a gradient and a bright block, so crops and
// resizes have something to look at. Same arguments, same bytes.
func testJPEG(t testing.TB, w, h int, seed uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), seed, 255}
			if x > w/5 && x < w/3 && y > h/4 && y < h/2 {
				c = color.RGBA{255, 255, 255 - seed, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// imageServer serves generated JPEGs on loopback and counts requests per
// path. Paths under /404/ are not found; /html/ serves a web page as
// image/jpeg.
type imageServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests map[string]int
	cond     atomic.Int64 // conditional requests answered 304
	body     []byte
}

func newImageServer(t *testing.T) *imageServer {
	s := &imageServer{requests: map[string]int{}, body: testJPEG(t, 1600, 900, 40)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests[r.URL.Path]++
		s.mu.Unlock()
		switch {
		case strings.HasPrefix(r.URL.Path, "/404/"):
			http.NotFound(w, r)
			return
		case strings.HasPrefix(r.URL.Path, "/html/"):
			w.Header().Set("Content-Type", "image/jpeg")
			io.WriteString(w, "<!doctype html><html><body>Sign in</body></html>")
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			s.cond.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write(s.body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *imageServer) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.requests {
		n += c
	}
	return n
}

// imageSite writes a site whose posts use the server's images and a local
// one, and returns its directory.
func imageSite(t *testing.T, srv string, extraConfig string, posts map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	write := func(rel string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("seopipe.yaml", []byte(`site:
  url: https://example.com/
  title: Pictures
cards:
  # No cards: the hero's first crop is the primary image.
  sizes: []
images:
  allowHosts: ["127.0.0.1"]
  widths: [480, 960]
  formats: [jpeg]
`+extraConfig))
	write("static/images/local.jpg", testJPEG(t, 1400, 1000, 200))
	for name, body := range posts {
		write("content/posts/"+name, []byte(strings.ReplaceAll(body, "SRV", srv)))
	}
	return dir
}

func postFile(title, front, body string) string {
	return "---\ntitle: " + title + "\ndate: 2025-08-01\n" + front + "---\n" + body + "\n"
}

// imageManifest is the images part of posts.json.
type imageManifest struct {
	Posts []struct {
		Slug   string               `json:"slug"`
		HTML   string               `json:"html"`
		Images []*manifest.ImageSet `json:"images"`
		SEO    *manifest.SEO        `json:"seo"`
	} `json:"posts"`
}

func readImageManifest(t *testing.T, out string) imageManifest {
	t.Helper()
	var m imageManifest
	if err := json.Unmarshal(readFile(t, filepath.Join(out, "posts.json")), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestImagesProcessed(t *testing.T) {
	t.Parallel()
	srv := newImageServer(t)
	dir := imageSite(t, srv.URL, "", map[string]string{
		"remote.md": postFile("Remote", "image: SRV/img/hero.jpg\nimageAlt: A hero\n",
			"Text.\n\n{{image: SRV/img/inline.jpg, width: 800, height: 450, alt: \"Inline\"}}\n"),
		"local.md": postFile("Local", "image: /images/local.jpg\nimageFocus: \"0.1,0.1\"\n", "Text."),
	})
	opts := imgOptions(t, dir)
	res := mustRun(t, opts)
	if len(res.Problems) != 0 || len(res.OutputProblems) != 0 {
		t.Fatalf("problems: %v\noutput: %v", res.Problems, res.OutputProblems)
	}
	// Two heroes of 2 widths and 3 crops each, one inline image of 2 widths.
	if diff := cmp.Diff(ImageStats{Sources: 3, Downloaded: 2, Processed: 3, Files: 2*5 + 2}, res.Images); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	m := readImageManifest(t, opts.OutDir)
	for _, p := range m.Posts {
		if len(p.Images) == 0 {
			t.Fatalf("%s: no images in posts.json", p.Slug)
		}
		hero := p.Images[0]
		if hero.Role != "hero" || hero.Placeholder == nil || len(hero.Crops) != 3 || len(hero.Hash) != 64 {
			t.Errorf("%s: hero = %+v", p.Slug, hero)
		}
		if n := len(hero.Placeholder.DataURI); n == 0 || n > 1024 {
			t.Errorf("%s: placeholder data URI is %d bytes", p.Slug, n)
		}
		for _, v := range append(append([]manifest.ImageFile{}, hero.Variants...), hero.Crops...) {
			f, err := os.Open(filepath.Join(opts.OutDir, filepath.FromSlash(v.Path)))
			if err != nil {
				t.Fatal(err)
			}
			cfg, format, err := image.DecodeConfig(f)
			st, _ := f.Stat()
			f.Close()
			if err != nil || cfg.Width != v.Width || cfg.Height != v.Height || format != v.Format || st.Size() != v.Bytes {
				t.Errorf("%s: %s is %dx%d %s %d bytes, posts.json says %dx%d %s %d (%v)",
					p.Slug, v.Path, cfg.Width, cfg.Height, format, st.Size(), v.Width, v.Height, v.Format, v.Bytes, err)
			}
			if !strings.HasPrefix(v.Path, "images/"+p.Slug+"/") || v.URL != "https://example.com/"+v.Path {
				t.Errorf("%s: variant %s at %s", p.Slug, v.Path, v.URL)
			}
		}
		for _, c := range hero.Crops {
			if c.Width*c.Height < 50_000 {
				t.Errorf("%s: crop %s is %dx%d", p.Slug, c.Aspect, c.Width, c.Height)
			}
		}
		// picture.html parses and points at the variants.
		if p.SEO == nil || p.SEO.Picture == "" {
			t.Fatalf("%s: no picture.html", p.Slug)
		}
		doc, err := xhtml.Parse(bytes.NewReader(readFile(t, filepath.Join(opts.OutDir, p.SEO.Picture))))
		if err != nil {
			t.Fatal(err)
		}
		var img *xhtml.Node
		var walk func(*xhtml.Node)
		walk = func(n *xhtml.Node) {
			if n.Type == xhtml.ElementNode && n.Data == "img" {
				img = n
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if img == nil {
			t.Fatalf("%s: picture.html has no img", p.Slug)
		}
		attrs := map[string]string{}
		for _, a := range img.Attr {
			attrs[a.Key] = a.Val
		}
		if !strings.Contains(attrs["srcset"], " 480w") || attrs["width"] == "" || attrs["alt"] != hero.Alt {
			t.Errorf("%s: picture img = %v", p.Slug, attrs)
		}
		// The head's og:image is the first crop, with its real size.
		head := string(readFile(t, filepath.Join(opts.OutDir, p.SEO.Head)))
		c := hero.Crops[0]
		for _, want := range []string{
			`<meta property="og:image" content="` + c.URL + `">`,
			fmt.Sprintf(`<meta property="og:image:width" content="%d">`, c.Width),
			fmt.Sprintf(`<meta property="og:image:height" content="%d">`, c.Height),
		} {
			if !strings.Contains(head, want) {
				t.Errorf("%s: head.html lacks %s", p.Slug, want)
			}
		}
		// The JSON-LD article's images are the three crops.
		var g struct {
			Graph []map[string]any `json:"@graph"`
		}
		if err := json.Unmarshal(readFile(t, filepath.Join(opts.OutDir, p.SEO.JSONLD)), &g); err != nil {
			t.Fatal(err)
		}
		if imgs, _ := g.Graph[0]["image"].([]any); len(imgs) != 3 {
			t.Errorf("%s: article image = %v, want the 3 crops", p.Slug, g.Graph[0]["image"])
		}
	}
	// The inline image in the body points at the processed files.
	for _, p := range m.Posts {
		if p.Slug != "remote" {
			continue
		}
		if len(p.Images) != 2 || p.Images[1].Role != "inline" || len(p.Images[1].Crops) != 0 {
			for _, im := range p.Images {
				t.Logf("%+v", *im)
			}
			t.Fatalf("remote: %d images", len(p.Images))
		}
		in := p.Images[1]
		if !strings.Contains(p.HTML, `src="`+in.Variants[len(in.Variants)-1].URL+`"`) || !strings.Contains(p.HTML, "srcset=") ||
			strings.Contains(p.HTML, srv.URL) {
			t.Errorf("body HTML not rewritten: %s", p.HTML)
		}
	}
	// The sitemap lists the processed files, not the sources.
	sm := string(readFile(t, filepath.Join(opts.OutDir, "sitemap.xml")))
	if strings.Contains(sm, srv.URL) || !strings.Contains(sm, "https://example.com/images/remote/") {
		t.Errorf("sitemap image entries:\n%s", sm)
	}

	// A second run downloads nothing and processes nothing.
	before := srv.total()
	res2 := mustRun(t, opts)
	if srv.total() != before {
		t.Errorf("second run made %d requests", srv.total()-before)
	}
	if res2.Images.Processed != 0 || res2.Images.Reused != 3 || res2.Images.Cached != 2 {
		t.Errorf("second run stats = %+v", res2.Images)
	}
	if res2.Written != 0 {
		t.Errorf("second run wrote %d files", res2.Written)
	}
}

func TestImageFetchedOncePerRun(t *testing.T) {
	srv := newImageServer(t)
	posts := map[string]string{}
	for i := range 50 {
		posts[fmt.Sprintf("p%02d.md", i)] = postFile(fmt.Sprintf("Post %d", i), "image: SRV/img/shared.jpg\n", "Text.")
	}
	dir := imageSite(t, srv.URL, "", posts)
	res := mustRun(t, imgOptions(t, dir))
	if len(res.Problems) != 0 {
		t.Fatal(res.Problems)
	}
	if n := srv.requests["/img/shared.jpg"]; n != 1 {
		t.Errorf("the shared image was requested %d times, want 1", n)
	}
	if res.Images.Processed != 1 || res.Images.Sources != 1 {
		t.Errorf("stats = %+v, want one source processed once", res.Images)
	}
}

func TestImageFailures(t *testing.T) {
	t.Parallel()
	for _, onError := range []string{"fail", "warn"} {
		t.Run(onError, func(t *testing.T) {
			srv := newImageServer(t)
			dir := imageSite(t, srv.URL, "  onError: "+onError+"\n  retries: 0\n", map[string]string{
				"missing.md": postFile("Missing", "image: SRV/404/gone.jpg\n", "Text.\n\n![Login page](SRV/html/login.jpg)\n"),
				"fine.md":    postFile("Fine", "image: SRV/img/ok.jpg\n", "Text."),
			})
			opts := imgOptions(t, dir)
			res := mustRun(t, opts)
			var got []string
			for _, p := range res.Problems {
				got = append(got, fmt.Sprintf("%s (%v)", p.Error(), p.Severity == diag.Error))
			}
			sev := onError == "fail"
			want := []string{
				fmt.Sprintf("posts/missing.md:4: image: GET %s/404/gone.jpg: 404 Not Found (%v)", srv.URL, sev),
				fmt.Sprintf("posts/missing.md:8: body: image GET %s/html/login.jpg: body is an HTML page (served as image/jpeg), not an image (%v)", srv.URL, sev),
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if res.Published != 2 || res.Images.Failed != 2 {
				t.Errorf("published %d, failed images %d; want both posts built, 2 images failed", res.Published, res.Images.Failed)
			}
			if (res.Errors() > 0) != sev {
				t.Errorf("errors = %d with onError %s", res.Errors(), onError)
			}
			m := readImageManifest(t, opts.OutDir)
			for _, p := range m.Posts {
				if p.Slug == "missing" && (len(p.Images) != 0 || p.SEO.Picture != "") {
					t.Errorf("missing: images %+v, picture %q", p.Images, p.SEO.Picture)
				}
			}
			if len(res.OutputProblems) != 0 {
				t.Errorf("output problems: %v", res.OutputProblems)
			}
		})
	}
}

func TestImagesOffline(t *testing.T) {
	srv := newImageServer(t)
	dir := imageSite(t, srv.URL, "", map[string]string{
		"a.md": postFile("A", "image: SRV/img/a.jpg\n", "Text."),
	})
	opts := imgOptions(t, dir)
	opts.Offline = true
	res := mustRun(t, opts)
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Message, "not in the cache (--offline)") || srv.total() != 0 {
		t.Fatalf("offline without a cache: problems %v, %d requests", res.Problems, srv.total())
	}
	opts.Offline = false
	mustRun(t, opts)
	n := srv.total()
	opts.Offline = true
	opts.FetchClock = func() time.Time { return time.Now().Add(48 * time.Hour) } // past the TTL: offline still uses it
	res = mustRun(t, opts)
	if len(res.Problems) != 0 || srv.total() != n || res.Images.Cached != 1 {
		t.Errorf("offline with a cache: problems %v, %d new requests, stats %+v", res.Problems, srv.total()-n, res.Images)
	}
	// Online after the TTL: one conditional request, answered 304.
	opts.Offline = false
	res = mustRun(t, opts)
	if srv.cond.Load() != 1 || res.Images.Revalidated != 1 {
		t.Errorf("after the TTL: %d 304s, stats %+v", srv.cond.Load(), res.Images)
	}
}

// imgOptions are options whose remote images come from the network (the
// test's loopback server, through the real guarded transport).
func imgOptions(t *testing.T, dir string) Options {
	o := options(t, dir)
	o.FetchTransport = nil
	return o
}

// noNetwork is the fetch transport of every other test: tests never touch
// the internet, so a remote image fails at once, as offline.
type noNetwork struct{}

func (noNetwork) RoundTrip(r *http.Request) (*http.Response, error) {
	// As an unknown host: final at once, not retried.
	return nil, &net.DNSError{Err: "tests do not use the network", Name: r.URL.Hostname(), IsNotFound: true}
}

func TestImageStem(t *testing.T) {
	tests := []struct{ src, want string }{
		{"/images/heroes/harbour.jpg", "harbour"},
		{"https://cdn.example/render/Cloud%20Hall%2C%20Morning.png?width=1200&token=x", "cloud-hall-morning"},
		{"https://cdn.example/", "cdn"},
		{"https://cdn.example/img/", "img"},
		{"hero.PNG", "hero"},
		{"https://x.example/" + strings.Repeat("long-", 30) + ".jpg", strings.TrimRight(strings.Repeat("long-", 12), "-")},
		{"/images/???.jpg", "images"}, // "?" starts the query
		{"/images/%%%.jpg", "image"},
	}
	for _, tt := range tests {
		if got := imageStem(tt.src); got != tt.want {
			t.Errorf("imageStem(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestLocalFileThatIsNotAnImage(t *testing.T) {
	dir := imageSite(t, "", "", map[string]string{
		"fake.md": postFile("Fake", "image: /images/fake.jpg\n", "Text."),
	})
	if err := os.WriteFile(filepath.Join(dir, "static", "images", "fake.jpg"), []byte("<html>not a JPEG</html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := mustRun(t, imgOptions(t, dir))
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Error(), "posts/fake.md:4: image: /images/fake.jpg: unknown image format (want JPEG, PNG, GIF, WebP, BMP or TIFF)") {
		t.Errorf("problems: %v", res.Problems)
	}
	if res.Published != 1 || res.Images.Failed != 1 {
		t.Errorf("published %d, failed images %d", res.Published, res.Images.Failed)
	}
}

// eachFieldChanged calls f once for every field reachable from ptr, a
// pointer to a struct: with that one field set to another value, the rest
// as they were. Slices gain an element and have their first one changed,
// nil pointers are set and set ones followed. Unexported fields are changed
// too, as a key must count them.
func eachFieldChanged(t *testing.T, ptr any, f func(field string)) {
	t.Helper()
	var walk func(v reflect.Value, path string)
	change := func(v reflect.Value, path string, to reflect.Value) {
		old := reflect.New(v.Type()).Elem()
		old.Set(v)
		v.Set(to)
		f(path)
		v.Set(old)
	}
	walk = func(v reflect.Value, path string) {
		v = reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem() // settable if unexported
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		case reflect.Bool:
			change(v, path, reflect.ValueOf(!v.Bool()).Convert(v.Type()))
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			change(v, path, reflect.ValueOf(v.Int()+1).Convert(v.Type()))
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			change(v, path, reflect.ValueOf(v.Uint()+1).Convert(v.Type()))
		case reflect.Float32, reflect.Float64:
			change(v, path, reflect.ValueOf(v.Float()+0.5).Convert(v.Type()))
		case reflect.String:
			change(v, path, reflect.ValueOf(v.String()+"x").Convert(v.Type()))
		case reflect.Slice:
			longer := reflect.Append(v, reflect.New(v.Type().Elem()).Elem())
			change(v, path+"+", longer)
			if v.Len() > 0 {
				c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
				reflect.Copy(c, v) // never write into a slice shared with defaults
				old := reflect.New(v.Type()).Elem()
				old.Set(v)
				v.Set(c)
				walk(c.Index(0), path+"[0]")
				v.Set(old)
			}
		case reflect.Pointer:
			if v.IsNil() {
				change(v, path, reflect.New(v.Type().Elem()))
			} else {
				walk(v.Elem(), path)
			}
		default:
			t.Fatalf("%s: cannot change a %s", path, v.Kind())
		}
	}
	walk(reflect.ValueOf(ptr).Elem(), reflect.TypeOf(ptr).Elem().Name())
}

// TestImageKeyCoversEveryOption: a task's key changes with every field of
// images.Options (a hero's: an inline image makes no crops), and with the
// source, the role and the focus.
func TestImageKeyCoversEveryOption(t *testing.T) {
	c := images.DefaultConfig()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	s := &imageSource{hash: strings.Repeat("ab", 32)}
	hero := &imageTask{src: s, hero: true, focus: &post.Focus{X: 0.25, Y: 0.75}}
	o := c.Options()
	base := taskKey(s, hero, o)
	seen := map[string]string{base: "base"}
	n := 0
	eachFieldChanged(t, &o, func(field string) {
		n++
		k := taskKey(s, hero, o)
		if other, ok := seen[k]; ok {
			t.Errorf("%s changed, key %s stayed that of %s", field, k[:8], other)
		}
		seen[k] = field
	})
	if n < 5 {
		t.Errorf("%d fields changed, want one or more for each of images.Options's 5", n)
	}
	others := []struct {
		name string
		s    *imageSource
		t    *imageTask
	}{
		{"source", &imageSource{hash: strings.Repeat("cd", 32)}, hero},
		{"inline", s, &imageTask{src: s}},
		{"hero without focus", s, &imageTask{src: s, hero: true}},
		{"focus x", s, &imageTask{src: s, hero: true, focus: &post.Focus{X: 0.5, Y: 0.75}}},
		{"focus y", s, &imageTask{src: s, hero: true, focus: &post.Focus{X: 0.25, Y: 0.5}}},
	}
	for _, tt := range others {
		k := taskKey(tt.s, tt.t, o)
		if other, ok := seen[k]; ok {
			t.Errorf("%s: key %s is that of %s", tt.name, k[:8], other)
		}
		seen[k] = tt.name
	}
	// An inline image makes no crops: they are not in its key.
	inline := &imageTask{src: s}
	noCrops := o
	noCrops.Crops = nil
	if a, b := taskKey(s, inline, o), taskKey(s, inline, noCrops); a != b {
		t.Errorf("an inline image's key follows the crops: %s, %s", a[:8], b[:8])
	}
}
