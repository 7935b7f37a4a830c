package content

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/post"
)

// metaView is what a metadata export gives a post.
type metaView struct {
	Format, Title, Excerpt, MetaDescription string
	Published, Updated                      string
	Authors                                 []string
	AuthorURLs                              map[string]string
	Tags, Keywords                          []string
	Image                                   *post.Image
	Canonical                               string
	NoIndex                                 bool
	Robots                                  string
	Params                                  map[string]any
	Lines                                   post.Lines
}

func viewOf(p *post.Post) metaView {
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339)
	}
	return metaView{Format: p.Format, Title: p.Title, Excerpt: p.Excerpt, MetaDescription: p.MetaDescription,
		Published: date(p.PublishedAt), Updated: date(p.UpdatedAt), Authors: p.Authors, AuthorURLs: p.AuthorURLs,
		Tags: p.Tags, Keywords: p.Keywords, Image: p.Image, Canonical: p.Canonical, NoIndex: p.NoIndex, Robots: p.Robots,
		Params: p.Params, Lines: p.Lines}
}

// problemLines renders problems as "severity line: field: message", sorted.
func problemLines(ps []diag.Problem) []string {
	ps = append([]diag.Problem(nil), ps...)
	diag.Sort(ps)
	var out []string
	for _, p := range ps {
		sev := "error"
		if p.Severity == diag.Warning {
			sev = "warning"
		}
		out = append(out, fmt.Sprintf("%s %d: %s: %s", sev, p.Line, p.Field, p.Text()))
	}
	return out
}

const nextPost = `import { Callout } from '@/components/callout'

export const metadata = {
  title: 'My post',
  description: "What it is about",
  date: '2024-05-07',
  authors: [{ name: 'Ann', url: 'https://ann.example' }],
  openGraph: { images: ['/og/my-post.png'], type: 'article' },
}

# My post

Body.
`

// TestMetaExport reads Next.js metadata exports of .mdx files without
// front matter: the Metadata shape mapped onto seopipe's fields, lines
// pointing at the keys in the file.
func TestMetaExport(t *testing.T) {
	tests := []struct {
		name, src string
		want      metaView
		problems  []string
	}{
		{
			name: "Next.js's documented example",
			src:  nextPost,
			want: metaView{Format: FormatJS, Title: "My post", Excerpt: "What it is about", Published: "2024-05-07T00:00:00+02:00",
				Authors: []string{"Ann"}, AuthorURLs: map[string]string{"Ann": "https://ann.example"},
				Image:  &post.Image{Src: "/og/my-post.png", Line: 8},
				Params: map[string]any{"openGraph": map[string]any{"type": "article"}},
				Lines:  post.Lines{"title": 4, "excerpt": 5, "publishedAt": 6, "author": 7, "image": 8}},
		},
		{
			name: "title objects, an image with alt, Open Graph dates",
			src: "export const metadata = {\n  title: { absolute: 'Own', default: 'Default', template: '%s | Blog' },\n" +
				"  openGraph: {\n    images: [{ url: 'https://cdn.example/a.png', alt: 'A card' }, '/b.png'],\n" +
				"    publishedTime: '2024-05-07T10:00:00Z',\n    modifiedTime: `2024-06-01T10:00:00Z`,\n  },\n}\n",
			want: metaView{Format: FormatJS, Title: "Own", Published: "2024-05-07T10:00:00Z", Updated: "2024-06-01T10:00:00Z",
				Image: &post.Image{Src: "https://cdn.example/a.png", Alt: "A card", Line: 4},
				Lines: post.Lines{"title": 2, "image": 4, "publishedAt": 5, "updatedAt": 6}},
		},
		{
			name: "a title's default, keywords as tags, canonical, robots",
			src: "export const metadata = {\n  title: { default: 'Default', template: '%s | Blog' },\n  keywords: 'next.js, mdx',\n" +
				"  alternates: { canonical: 'https://example.com/a', languages: { de: '/de/a' } },\n  robots: { index: false, follow: true },\n}\n",
			want: metaView{Format: FormatJS, Title: "Default", Tags: []string{"next.js", "mdx"}, Canonical: "https://example.com/a",
				NoIndex: true, Robots: "noindex, follow",
				Params: map[string]any{"alternates": map[string]any{"languages": map[string]any{"de": "/de/a"}},
					"robots": map[string]any{"index": false, "follow": true}},
				Lines: post.Lines{"title": 2, "tags": 3, "canonical": 4, "noindex": 5}},
		},
		{
			name: "keywords beside tags are keywords",
			src:  "export const meta = {\n  title: 'T',\n  tags: ['a'],\n  keywords: ['b', 'c'],\n}\n",
			want: metaView{Format: FormatJS, Title: "T", Tags: []string{"a"}, Keywords: []string{"b", "c"},
				Lines: post.Lines{"title": 2, "tags": 3, "keywords": 4}},
		},
		{
			name: "an older starter's meta: front-matter keys",
			src: "import { BlogPost } from '@/components/BlogPost'\nexport const meta = {\n  title: \"Older\",\n  description: 'D',\n" +
				"  date: '2021-03-04',\n  tags: ['next'],\n  image: '/hero.png',\n  draft: false,\n}\n\n" +
				"export default (props) => <BlogPost meta={meta} {...props} />\n\nText.\n",
			want: metaView{Format: FormatJS, Title: "Older", Excerpt: "D", Published: "2021-03-04T00:00:00+01:00", Tags: []string{"next"},
				Image: &post.Image{Src: "/hero.png", Line: 7},
				Lines: post.Lines{"title": 3, "excerpt": 4, "publishedAt": 5, "tags": 6, "image": 7, "draft": 8}},
		},
		{
			name: "what is not written out is left out, at its line",
			src: "export const metadata = {\n  ...base,\n  title: 'T',\n  date: new Date('2024-05-07'),\n" +
				"  openGraph: { images: [ogImage, '/og.png'] },\n  description: `About ${topic}`,\n  other: [1, , 2],\n}\n",
			want: metaView{Format: FormatJS, Title: "T", Image: &post.Image{Src: "/og.png", Line: 5},
				Params: map[string]any{"other": []any{int64(1), int64(2)}}, Lines: post.Lines{"title": 3, "image": 5}},
			problems: []string{
				"warning 2: metadata: ...base is left out: seopipe does not run JavaScript",
				"warning 4: metadata.date: new Date('2024-05-07') is left out: seopipe does not run JavaScript",
				"warning 5: metadata.openGraph.images[0]: ogImage is left out: seopipe does not run JavaScript",
				"warning 6: metadata.description: `About ${topic}` is left out: seopipe does not run JavaScript",
				"warning 7: metadata.other[1]: is empty (a hole in the list): left out",
			},
		},
		{
			name: "a key given twice, and under two names",
			src:  "export const metadata = {\n  title: 'One',\n  title: 'Two',\n  date: '2024-01-01',\n  openGraph: { publishedTime: '2024-02-02' },\n}\n",
			want: metaView{Format: FormatJS, Title: "Two", Published: "2024-02-02T00:00:00+01:00", Lines: post.Lines{"title": 3, "publishedAt": 5}},
			problems: []string{
				"warning 3: metadata.title: also given on line 2; the later one is used",
				"warning 4: metadata.date: ignored: publishedAt is already given by metadata.openGraph.publishedTime on line 5",
			},
		},
		{
			name: "a blank line inside the object, and the body after it",
			src:  "export const metadata = {\n  title: 'T',\n\n  // the date\n  date: '2024-05-07',\n}\n\nThe first paragraph.\n",
			want: metaView{Format: FormatJS, Title: "T", Published: "2024-05-07T00:00:00+02:00", Lines: post.Lines{"title": 2, "publishedAt": 5}},
		},
		{
			name: "metadata wins over meta",
			src:  "export const meta = { title: 'Old' }\n\nexport const metadata = { title: 'New' }\n",
			want: metaView{Format: FormatJS, Title: "New", Lines: post.Lines{"title": 3}},
			problems: []string{
				"warning 1: meta: ignored: metadata is already given on line 3",
			},
		},
		{
			name:     "a title that is only a template is none",
			src:      "\n\nexport const metadata = {\n  title: { template: '%s | Blog' },\n}\n",
			want:     metaView{Format: FormatJS, Lines: post.Lines{"title": 4}},
			problems: []string{"error 4: metadata.title: is empty: every post needs a title"},
		},
		{
			name:     "no title: missing at the export's line",
			src:      "Intro.\n\nexport const metadata = { description: 'D' }\n",
			want:     metaView{Format: FormatJS, Excerpt: "D", Lines: post.Lines{"excerpt": 3}},
			problems: []string{"error 3: title: missing: every post needs a title"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("app/blog/my-post/page.mdx", []byte(tt.src), testOpts())
			if d := cmp.Diff(tt.problems, problemLines(ps)); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
			if p == nil {
				t.Fatal("no post")
			}
			if d := cmp.Diff(tt.want, viewOf(p)); d != "" {
				t.Errorf("post (-want +got):\n%s", d)
			}
		})
	}
}

// TestMetaExportNotRead: an export seopipe cannot read, or does not take
// for metadata, leaves the post as if there were none.
func TestMetaExportNotRead(t *testing.T) {
	const noFront = "error 1: : no front matter: start the file with a --- YAML, +++ TOML or { JSON } block, or export const metadata = { … }"
	tests := []struct {
		name, rel, src string
		problems       []string
	}{
		{"no export", "a.mdx", "# Title\n\nText.\n", []string{noFront}},
		{"a function's result", "a.mdx", "export const metadata = buildMetadata({\n  title: 'T',\n})\n",
			[]string{noFront, "warning 1: metadata: is not an object literal { … }: the post is read without it"}},
		{"an unterminated string", "a.mdx", "export const metadata = {\n  title: 'T',\n  description: 'D,\n}\n",
			[]string{noFront, "warning 3: metadata: unterminated string: the post is read without it"}},
		{"a missing comma", "a.mdx", "export const metadata = {\n  title: 'T'\n  description: 'D',\n}\n",
			[]string{noFront, `warning 3: metadata: expected , or } after a value, found "description: 'D',": the post is read without it`}},
		{"TypeScript's satisfies", "a.mdx", "export const metadata = {\n  title: 'T',\n} satisfies Metadata\n",
			[]string{noFront, `warning 3: metadata: is not a plain object literal: "satisfies Metadata" follows it: the post is read without it`}},
		{"in fenced code", "a.mdx", "```js\nexport const metadata = { title: 'T' }\n```\n", []string{noFront}},
		{"inside a paragraph", "a.mdx", "Text\nexport const metadata = { title: 'T' }\n", []string{noFront}},
		{"another export's object", "a.mdx", "export const author = { title: 'T' }\n", []string{noFront}},
		{"in a .md file", "a.md", "export const metadata = { title: 'T' }\n",
			[]string{"error 1: : no front matter: start the file with a --- YAML, +++ TOML or { JSON } block"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse(tt.rel, []byte(tt.src), testOpts())
			if p != nil {
				t.Errorf("got post %q, want none", p.Title)
			}
			if d := cmp.Diff(tt.problems, problemLines(ps)); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
		})
	}
}

// TestMetaExportBesideFrontMatter: with front matter too, both are read
// and the front matter wins a field both give, with a warning at the
// export's key; a social image beside its hero is no conflict.
func TestMetaExportBesideFrontMatter(t *testing.T) {
	tests := []struct {
		name, src string
		want      metaView
		problems  []string
	}{
		{
			name: "what only the export gives is read",
			src: "---\ntitle: Front\ndate: 2024-05-07\nimage: /hero.png\n---\n\nexport const metadata = {\n  title: frontmatter.title,\n" +
				"  description: 'From the export',\n  openGraph: { images: ['/og.png'], publishedTime: '2024-01-01' },\n}\n\nBody.\n",
			want: metaView{Format: FormatYAML, Title: "Front", Excerpt: "From the export", Published: "2024-05-07T00:00:00+02:00",
				Image:  &post.Image{Src: "/hero.png", Line: 4},
				Params: map[string]any{"openGraph": map[string]any{"images": []any{"/og.png"}}},
				Lines:  post.Lines{"title": 2, "publishedAt": 3, "image": 4, "excerpt": 9}},
			problems: []string{
				"warning 8: metadata.title: ignored: title is already given by the front matter (line 2)",
				"warning 10: metadata.openGraph.publishedTime: ignored: publishedAt is already given by the front matter (date, line 3)",
			},
		},
		{
			name: "TOML front matter and an older meta",
			src:  "+++\ntitle = \"Front\"\ntags = [\"x\"]\n+++\nexport const meta = {\n  tags: ['y'],\n  keywords: ['k'],\n}\n",
			want: metaView{Format: FormatTOML, Title: "Front", Tags: []string{"x"}, Keywords: []string{"k"},
				Lines: post.Lines{"title": 2, "tags": 3, "keywords": 7}},
			problems: []string{"warning 6: meta.tags: ignored: tags is already given by the front matter (line 3)"},
		},
		{
			name:     "an export that cannot be read",
			src:      "---\ntitle: Front\n---\nexport const metadata = { title: 'x }\n",
			want:     metaView{Format: FormatYAML, Title: "Front", Lines: post.Lines{"title": 2}},
			problems: []string{"warning 4: metadata: unterminated string: the post is read without it"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := Parse("posts/a.mdx", []byte(tt.src), testOpts())
			if d := cmp.Diff(tt.problems, problemLines(ps)); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
			if p == nil {
				t.Fatal("no post")
			}
			if d := cmp.Diff(tt.want, viewOf(p)); d != "" {
				t.Errorf("post (-want +got):\n%s", d)
			}
		})
	}
}
