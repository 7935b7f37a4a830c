package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Front-matter shapes of real Hugo themes, Next.js starters and Jekyll
// plugins that are not the seed's own.

func TestFieldsImageShapes(t *testing.T) {
	image := func(p *Post) any { return p.Image }
	img := func(src, alt string, line int) *Image { return &Image{Src: src, Alt: alt, Line: line} }
	runFieldCases(t, []fieldCase{
		{
			name: "Next.js coverImage",
			yaml: `coverImage: "/assets/blog/hello/cover.jpg"`, toml: `coverImage = "/assets/blog/hello/cover.jpg"`, json: `"coverImage": "/assets/blog/hello/cover.jpg"`,
			line: "image", get: image, want: img("/assets/blog/hello/cover.jpg", "", 3),
		},
		{
			name: "Next.js ogImage mapping",
			yaml: "ogImage:\n  url: /assets/blog/hello/og.jpg", toml: "[ogImage]\nurl = \"/assets/blog/hello/og.jpg\"", json: `"ogImage": {"url": "/assets/blog/hello/og.jpg"}`,
			line: "image", get: image, want: img("/assets/blog/hello/og.jpg", "", 3),
		},
		{
			name: "PaperMod cover mapping",
			yaml: "cover:\n  image: cover.jpg\n  alt: A red bridge\n  caption: The bridge at dawn\n  relative: true\n  hiddenInSingle: true",
			toml: "[cover]\nimage = \"cover.jpg\"\nalt = \"A red bridge\"\ncaption = \"The bridge at dawn\"\nrelative = true",
			json: `"cover": {"image": "cover.jpg", "alt": "A red bridge", "caption": "The bridge at dawn", "relative": true}`,
			line: "image", get: image, want: img("cover.jpg", "A red bridge", 3),
		},
		{
			name: "PaperMod cover left blank",
			yaml: "cover:\n  image:\n  alt:\n  hidden: true", toml: "[cover]\nimage = \"\"\nhidden = true", json: `"cover": {"image": null, "hidden": true}`,
			get: image, want: (*Image)(nil),
		},
		{
			name: "src wins over image in a mapping",
			yaml: "cover: {image: b.jpg, src: a.jpg}", toml: "cover = { image = \"b.jpg\", src = \"a.jpg\" }", json: `"cover": {"image": "b.jpg", "src": "a.jpg"}`,
			get: image, want: img("a.jpg", "", 3),
		},
		{
			name: "a hero wins over ogImage",
			yaml: "ogImage:\n  url: /og.jpg\ncoverImage: /cover.jpg",
			toml: "coverImage = \"/cover.jpg\"\n[ogImage]\nurl = \"/og.jpg\"",
			json: "\"ogImage\": {\"url\": \"/og.jpg\"},\n\"coverImage\": \"/cover.jpg\"",
			get:  func(p *Post) any { return p.Image.Src }, want: "/cover.jpg",
		},
		{
			name: "a hero wins over images",
			yaml: "images: [/og.jpg]\nimage: /hero.jpg", toml: "images = [\"/og.jpg\"]\nimage = \"/hero.jpg\"", json: "\"images\": [\"/og.jpg\"],\n\"image\": \"/hero.jpg\"",
			get: func(p *Post) any { return p.Image.Src }, want: "/hero.jpg",
		},
	})
}

func TestFieldsImageShapeErrors(t *testing.T) {
	tests := []struct {
		name, format, entry string
		want                Problem
	}{
		{"mapping without a file", FormatYAML, "cover: {alt: A, caption: C}",
			Problem{Line: 3, Field: "cover", Message: "a mapping needs src (or url, path, image): the image's URL or file"}},
		{"image of the wrong type", FormatTOML, "[cover]\nimage = 3",
			Problem{Line: 3, Field: "cover.image", Message: "must be a URL or a path, got number 3"}},
		{"ogImage url of a bad scheme", FormatJSON, `"ogImage": {"url": "javascript:alert(1)"}`,
			Problem{Line: 3, Field: "ogImage", Message: `"javascript:alert(1)" has scheme "javascript": only http(s) URLs and local paths are allowed`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("posts/t.md", []byte(fieldDoc(tt.format, tt.entry)), testOpts())
			if p == nil {
				t.Fatalf("got nil Post; problems: %s", problemList(ps))
			}
			tt.want.Path = "posts/t.md"
			if d := cmp.Diff([]Problem{tt.want}, ps); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
		})
	}
}
