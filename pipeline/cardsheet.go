package pipeline

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"
)

// contactSheet is cards/index.html: every card of the run at a glance,
// with its post's title, size and warnings, for whoever restyles them.
// Self-contained: inline CSS, card URLs relative to cards/.
var contactSheet = template.Must(template.New("sheet").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Cards · {{.Site}}</title>
<style>
body{margin:0;padding:24px;font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;background:#f1f5f9;color:#0f172a}
h1{font-size:20px;margin:0 0 4px}
p.sum{margin:0 0 20px;color:#475569}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:20px}
figure{margin:0;background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(15,23,42,.15);overflow:hidden}
figure img{display:block;width:100%;height:auto;background:#e2e8f0}
figcaption{padding:10px 12px}
.t{font-weight:600}
.m{color:#64748b;font-size:12px}
ul{margin:6px 0 0;padding-left:18px;color:#b45309;font-size:12px}
.ok{color:#15803d;font-size:12px}
</style>
</head>
<body>
<h1>Social cards · {{.Site}}</h1>
<p class="sum">{{.Count}} cards{{if .Warned}} · {{.Warned}} with warnings{{end}}</p>
<div class="grid">
{{range .Cards}}<figure id="{{.ID}}">
<a href="{{.File}}"><img src="{{.File}}" width="{{.Width}}" height="{{.Height}}" alt="{{.Alt}}" loading="lazy"></a>
<figcaption><div class="t">{{.Title}}</div>
<div class="m">{{.Key}} · {{.Size}} {{.Width}}×{{.Height}} · {{.Theme}} · {{.KB}} KB</div>
{{if .Warnings}}<ul>{{range .Warnings}}<li>{{.}}</li>{{end}}</ul>{{else}}<div class="ok">no warnings</div>{{end}}
</figcaption>
</figure>
{{end}}</div>
</body>
</html>
`))

type sheetCard struct {
	ID, File, Alt, Title, Key, Size, Theme string
	Width, Height                          int
	KB                                     string
	Warnings                               []string
}

// writeContactSheet writes cards/index.html for this run's cards.
func (r *run) writeContactSheet() error {
	var cs []sheetCard
	warned := 0
	for _, st := range r.posts {
		for _, c := range st.cards {
			pg := st.page
			// By key: two posts may share a slug, never a key.
			cs = append(cs, sheetCard{ID: pg.Key + "-" + c.Size, File: "./" + url.PathEscape(strings.TrimPrefix(c.Path, "cards/")), Alt: c.Alt,
				Title: pg.Post.Title, Key: pg.Key, Size: c.Size, Theme: c.Theme, Width: c.Width, Height: c.Height,
				KB: fmt.Sprintf("%.0f", float64(c.Bytes)/1000), Warnings: c.Warnings})
			if len(c.Warnings) > 0 {
				warned++
			}
		}
	}
	if len(cs) == 0 {
		return nil
	}
	name := r.opts.Config.Site.Title
	if name == "" && r.site != nil {
		name = r.site.Title
	}
	var b bytes.Buffer
	if err := contactSheet.Execute(&b, map[string]any{"Site": name, "Count": len(cs), "Warned": warned, "Cards": cs}); err != nil {
		return err
	}
	return r.tx.WriteFile("cards/index.html", b.Bytes())
}
