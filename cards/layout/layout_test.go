package layout

import (
	"image"
	"image/color"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/fonts"
	"github.com/seopipe/seopipe/internal/testdeps"
)

// The system fonts the tests load through testdeps (which skips the test
// where one is not installed).
const (
	dejaVu = "DejaVuSans"
	cjk    = "NotoSansCJK-Regular"
)

// load returns the first face of the named system font, skipping the test
// when it is not installed.
func load(t testing.TB, name string) *fonts.Font {
	t.Helper()
	fs, err := fonts.Load(testdeps.Font(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return fs[0]
}

func goChain() *fonts.Chain { return fonts.NewChain(fonts.GoRegular(), fonts.GoBold()) }

// lineTexts returns the text of each line.
func lineTexts(b *Block) []string {
	var out []string
	for _, l := range b.Lines {
		var sb strings.Builder
		for _, r := range l.Runs {
			sb.WriteString(r.Text)
		}
		out = append(out, sb.String())
	}
	return out
}

const longTitle = "How we cut our static site build from four minutes to nine seconds with caching"

type summary struct {
	Size          float64
	Lines         int
	Shrunk, Cut   bool
	Missing       string
	Unshaped      bool
	EndsWithEllip bool
}

func summarize(b *Block) summary {
	lt := lineTexts(b)
	return summary{
		Size: b.Size, Lines: len(b.Lines), Shrunk: b.Shrunk, Cut: b.Cut,
		Missing: string(b.Missing), Unshaped: b.Unshaped,
		EndsWithEllip: len(lt) > 0 && strings.HasSuffix(lt[len(lt)-1], "…"),
	}
}

func TestFit(t *testing.T) {
	box := Options{Fonts: goChain(), Width: 1000, Height: 300, MinSize: 32, MaxSize: 72, MaxLines: 3}
	with := func(f func(*Options)) Options { o := box; f(&o); return o }
	tests := []struct {
		name string
		text string
		o    Options
		want summary
	}{
		{"short stays at MaxSize", "Hello, world", box, summary{Size: 72, Lines: 1}},
		{"three lines at MaxSize", longTitle, box, summary{Size: 72, Lines: 3}},
		{"long title shrinks", longTitle + ", and what it cost us in the end", box,
			summary{Size: 58, Lines: 3, Shrunk: true}},
		{"500 characters are cut", strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", 9)[:500], box,
			summary{Size: 32, Lines: 3, Shrunk: true, Cut: true, EndsWithEllip: true}},
		{"cut by height", strings.Repeat("word ", 100), with(func(o *Options) { o.Height = 80; o.MaxLines = 0 }),
			summary{Size: 32, Lines: 2, Shrunk: true, Cut: true, EndsWithEllip: true}},
		{"one 80-character word", strings.Repeat("Donaudampfschiff", 5), box, summary{Size: 72, Lines: 3}},
		{"empty", "", box, summary{Size: 72}},
		{"only spaces", " \t\n ", box, summary{Size: 72}},
		{"defaults", "Hi", Options{Width: 100}, summary{Size: 16, Lines: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Fit(tt.text, tt.o)
			if diff := cmp.Diff(tt.want, summarize(b)); diff != "" {
				t.Errorf("Fit() (-want +got):\n%s\nlines: %q", diff, lineTexts(b))
			}
			checkBox(t, b, tt.o)
		})
	}
}

func TestLongWordBreaksInside(t *testing.T) {
	word := strings.Repeat("abcdefghij", 8)
	o := Options{Fonts: goChain(), Width: 600, Height: 400, MinSize: 40, MaxSize: 60, MaxLines: 4}
	b := Fit(word, o)
	if b.Cut || len(b.Lines) < 2 {
		t.Fatalf("Cut = %v, lines %q: want the word broken over lines", b.Cut, lineTexts(b))
	}
	if got := strings.Join(lineTexts(b), ""); got != word {
		t.Errorf("lines join to %q, want %q", got, word)
	}
	checkBox(t, b, o)
}

func TestHardBreak(t *testing.T) {
	b := Fit("First line\nSecond", Options{Fonts: goChain(), Width: 1000, MaxSize: 40, MaxLines: 3})
	if diff := cmp.Diff([]string{"First line", "Second"}, lineTexts(b)); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

func TestWrapCJK(t *testing.T) {
	chain := fonts.NewChain(fonts.GoRegular(), load(t, cjk))
	tests := []struct{ name, text string }{
		{"Chinese", "社交媒体卡片的标题需要按照统一码换行规则在汉字之间换行，而不是溢出边框。"},
		{"Japanese", "ソーシャルカードのタイトルは、日本語でも漢字や仮名の間で正しく改行されなければなりません。"},
		{"mixed", "Go 1.26 发布：泛型、迭代器和更快的垃圾回收器"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Options{Fonts: chain, Width: 500, Height: 400, MinSize: 40, MaxSize: 40, MaxLines: 6}
			b := Fit(tt.text, o)
			lt := lineTexts(b)
			if b.Cut || len(lt) < 2 || len(b.Missing) > 0 {
				t.Fatalf("Cut %v, Missing %q, lines %q: want several lines, nothing cut or missing", b.Cut, b.Missing, lt)
			}
			if got := strings.Join(lt, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(tt.text, " ", "") {
				t.Errorf("lines join to %q, want %q", got, tt.text)
			}
			for i, l := range lt[:len(lt)-1] {
				// A break between ideographs or kana, never before closing
				// punctuation (UAX #14 class CL / NS keeps it on the line).
				next := []rune(lt[i+1])[0]
				if strings.ContainsRune("，。、：）", next) {
					t.Errorf("line %d starts with %q", i+1, next)
				}
				if b.Lines[i].Width > o.Width {
					t.Errorf("line %q is %.1f px wide, box %.0f", l, b.Lines[i].Width, o.Width)
				}
			}
			checkBox(t, b, o)
		})
	}
}

func TestScripts(t *testing.T) {
	dv := load(t, dejaVu)
	chain := fonts.NewChain(fonts.GoRegular(), dv)
	o := Options{Fonts: chain, Width: 800, Height: 300, MinSize: 30, MaxSize: 60, MaxLines: 3}
	tests := []struct {
		name, text string
		want       summary
	}{
		// DejaVu Sans has Arabic glyphs: drawn, unshaped.
		{"Arabic", "مرحبا بالعالم", summary{Size: 60, Lines: 1, Unshaped: true}},
		{"Hebrew", "שלום עולם", summary{Size: 60, Lines: 1, Unshaped: true}},
		// No font here has Devanagari: every letter is reported, none drawn.
		{"Hindi", "नमस्ते दुनिया", summary{Size: 60, Lines: 0, Unshaped: true, Missing: "नमस्तेदुिया"}}, // nothing drawable: no line
		{"Latin", "Ça va très bien", summary{Size: 60, Lines: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Fit(tt.text, o)
			if diff := cmp.Diff(tt.want, summarize(b)); diff != "" {
				t.Errorf("Fit() (-want +got):\n%s\nlines: %q", diff, lineTexts(b))
			}
			for _, r := range strings.Join(lineTexts(b), "") {
				if chain.Index(r) < 0 {
					t.Errorf("drawn text has %q, which no font has", r)
				}
			}
			checkBox(t, b, o)
		})
	}
}

func TestEmoji(t *testing.T) {
	o := Options{Fonts: goChain(), Width: 800, Height: 300, MinSize: 30, MaxSize: 60, MaxLines: 3}
	b := Fit("Coding 👩‍💻 in Malta 🇲🇹 ❤️", o)
	want := summary{Size: 60, Lines: 1, Missing: "👩💻🇲🇹❤"}
	if diff := cmp.Diff(want, summarize(b)); diff != "" {
		t.Errorf("Fit() (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Coding in Malta"}, lineTexts(b)); diff != "" { // no double space where the emoji was
		t.Errorf("drawn text (-want +got):\n%s", diff)
	}
}

func TestKerning(t *testing.T) {
	dv := load(t, dejaVu)
	chain := fonts.NewChain(dv)
	b := Fit("AV", Options{Fonts: chain, Width: 1000, MaxSize: 100})
	gs := b.Lines[0].glyphs
	a, _ := chain.Glyph(0, 'A')
	if got, unkerned := gs[1].x-gs[0].x, a.Advance*100; got >= unkerned-1 {
		t.Errorf("V starts %.2f px after A, want less than A's advance %.2f px (kerning)", got, unkerned)
	}
	plain := Fit("AX", Options{Fonts: chain, Width: 1000, MaxSize: 100}).Lines[0].glyphs
	if got := plain[1].x - plain[0].x; got != a.Advance*100 {
		t.Errorf("X starts %.2f px after A, want A's advance %.2f px (no kerning pair)", got, a.Advance*100)
	}
}

func TestBalance(t *testing.T) {
	const text = "Seven small words make up this title"
	o := Options{Fonts: goChain(), MaxSize: 40, MaxLines: 3}
	// A box one word short of the whole title: greedy leaves "title" alone.
	o.Width = Fit(strings.TrimSuffix(text, " title"), Options{Fonts: o.Fonts, Width: 2000, MaxSize: 40}).Lines[0].Width + 2*margin + 5
	greedy := lineTexts(Fit(text, o))
	if diff := cmp.Diff([]string{"Seven small words make up this", "title"}, greedy); diff != "" {
		t.Fatalf("greedy lines (-want +got):\n%s", diff)
	}
	o.Balance = true
	b := Fit(text, o)
	if diff := cmp.Diff([]string{"Seven small words", "make up this title"}, lineTexts(b)); diff != "" {
		t.Errorf("balanced lines (-want +got):\n%s", diff)
	}
	checkBox(t, b, o)
}

var titles = []string{
	"Hello",
	longTitle,
	"Why 'AVAWAY' and 'Tj fj' kern: typography notes — part 2/3 (with jQuery, Wikipedia & ƒ)",
	"Ünïcödé Çàfé — Ελληνικά και Кириллица, ÅÄÖ, ŽŠČ",
	"Go 1.26 发布：泛型、迭代器和更快的垃圾回收器",
	"مرحبا بالعالم — Arabic title",
	"Emoji 👩‍💻 and flags 🇲🇹🇪🇺 in a title",
	strings.Repeat("W", 90),
	strings.Repeat("Lorem ipsum dolor sit amet. ", 20),
	"y g j p q — descenders; ÅÉÎ — accents; f/j italic-free",
}

func TestEveryLineFits(t *testing.T) {
	chains := map[string]*fonts.Chain{"go": goChain()}
	if _, err := testdeps.LookFont(dejaVu); err == nil {
		chains["dejavu"] = fonts.NewChain(load(t, dejaVu), fonts.GoRegular())
	}
	if _, err := testdeps.LookFont(cjk); err == nil {
		chains["go+cjk"] = fonts.NewChain(fonts.GoBold(), load(t, cjk))
	}
	boxes := []Options{
		{Width: 1080, Height: 400, MinSize: 36, MaxSize: 72, MaxLines: 3},
		{Width: 1080, Height: 400, MinSize: 36, MaxSize: 72, MaxLines: 3, Balance: true},
		{Width: 333, Height: 120, MinSize: 12, MaxSize: 48, MaxLines: 4, LineHeight: 1},
		{Width: 40, Height: 30, MinSize: 20, MaxSize: 30, MaxLines: 1},
		{Width: 600, MinSize: 10.5, MaxSize: 99.5, MaxLines: 2, LineHeight: 0.8},
	}
	for _, c := range chains {
		for _, o := range boxes {
			o.Fonts = c
			for _, s := range titles {
				checkBox(t, Fit(s, o), o)
			}
		}
	}
}

// checkBox asserts every line fits the width and the drawn ink stays inside
// the box, at two origins (one with a fractional part).
func checkBox(t *testing.T, b *Block, o Options) {
	t.Helper()
	for i, l := range b.Lines {
		if l.Width > o.Width+0.5 {
			t.Errorf("%q: line %d is %.2f px wide, box %.2f", lineTexts(b), i, l.Width, o.Width)
		}
	}
	if o.Height > 0 && b.Height > o.Height {
		t.Errorf("%q: block is %.2f px high, box %.2f", lineTexts(b), b.Height, o.Height)
	}
	if o.MaxLines > 0 && len(b.Lines) > o.MaxLines {
		t.Errorf("%q: %d lines, MaxLines %d", lineTexts(b), len(b.Lines), o.MaxLines)
	}
	h := o.Height
	if h == 0 {
		h = b.Height
	}
	for _, at := range [][2]float64{{0, 0}, {17, 23}} {
		box := image.Rect(int(at[0]), int(at[1]), int(at[0]+o.Width+0.999), int(at[1]+h+0.999))
		if ink := b.InkBounds(at[0], at[1]); !ink.In(box) {
			t.Errorf("%q at size %v: ink %v outside the box %v", lineTexts(b), b.Size, ink, box)
		}
	}
}

func TestDraw(t *testing.T) {
	o := Options{Fonts: goChain(), Width: 1000, Height: 300, MinSize: 32, MaxSize: 56, MaxLines: 3}
	b := Fit(longTitle, o)
	dst := image.NewRGBA(image.Rect(0, 0, 1200, 630))
	b.Draw(dst, 100, 165, image.NewUniform(color.Black))
	ink := b.InkBounds(100, 165)
	var n int
	for y := range dst.Bounds().Dy() {
		for x := range dst.Bounds().Dx() {
			if dst.RGBAAt(x, y).A != 0 {
				n++
				if !image.Pt(x, y).In(ink) {
					t.Fatalf("pixel (%d, %d) drawn outside InkBounds %v", x, y, ink)
				}
			}
		}
	}
	if n < 2000 {
		t.Errorf("%d pixels drawn, want a title's worth", n)
	}
}

func TestConcurrentFit(t *testing.T) {
	o := Options{Fonts: goChain(), Width: 900, Height: 300, MinSize: 30, MaxSize: 64, MaxLines: 3, Balance: true}
	want := Fit(titles[2], o)
	done := make(chan *Block)
	for range 4 {
		go func() { done <- Fit(titles[2], o) }()
	}
	for range 4 {
		if diff := cmp.Diff(want, <-done, cmp.AllowUnexported(Block{}, Line{}, placed{}), cmp.Comparer(func(a, b *fonts.Chain) bool { return a == b })); diff != "" {
			t.Errorf("concurrent Fit differs (-want +got):\n%s", diff)
		}
	}
}

func FuzzFit(f *testing.F) {
	for _, s := range titles {
		f.Add(s, 600.0, 200.0, 20.0, 60.0, 3, false)
	}
	f.Add("a\u0301\u200d\ufe0f\t\r\n\x00 b", 10.0, 10.0, 1.0, 200.0, 0, true)
	chain := goChain()
	f.Fuzz(func(t *testing.T, s string, w, h, minSize, maxSize float64, maxLines int, balance bool) {
		if len(s) > 2000 || !(w >= 1 && w <= 4000) || !(h >= 0 && h <= 4000) ||
			!(minSize >= 0 && minSize <= 300) || !(maxSize >= 0 && maxSize <= 300) {
			t.Skip()
		}
		o := Options{Fonts: chain, Width: w, Height: h, MinSize: minSize, MaxSize: maxSize, MaxLines: maxLines % 10, Balance: balance}
		b := Fit(s, o)
		checkBox(t, b, o)
		for _, r := range b.Missing {
			if unicode.IsSpace(r) || ignorable(r) {
				t.Errorf("Missing has %q", r)
			}
		}
	})
}

func BenchmarkFit(b *testing.B) {
	o := Options{Fonts: goChain(), Width: 1080, Height: 400, MinSize: 32, MaxSize: 96, MaxLines: 3, Balance: true}
	Fit(longTitle, o) // warm the chain's caches
	b.ReportAllocs()
	for b.Loop() {
		Fit(longTitle, o)
	}
}

func BenchmarkFitCJK(b *testing.B) {
	o := Options{Fonts: fonts.NewChain(fonts.GoRegular(), load(b, cjk)), Width: 1080, Height: 400, MinSize: 32, MaxSize: 96, MaxLines: 3}
	const s = "社交媒体卡片的标题需要按照统一码换行规则在汉字之间换行，而不是溢出边框。Go 1.26 发布：泛型、迭代器和更快的垃圾回收器"
	Fit(s, o)
	b.ReportAllocs()
	for b.Loop() {
		Fit(s, o)
	}
}

func BenchmarkDraw(b *testing.B) {
	o := Options{Fonts: goChain(), Width: 1000, Height: 400, MinSize: 56, MaxSize: 56, MaxLines: 3}
	blk := Fit(longTitle+" and more", o)
	if len(blk.Lines) != 3 {
		b.Fatalf("%d lines, want 3", len(blk.Lines))
	}
	dst := image.NewRGBA(image.Rect(0, 0, 1200, 630))
	src := image.NewUniform(color.White)
	b.ReportAllocs()
	for b.Loop() {
		blk.Draw(dst, 100, 100, src)
	}
}

func TestDroppedClusterLeavesNoSpace(t *testing.T) {
	o := Options{Fonts: fonts.NewChain(fonts.GoBold()), Width: 2000, MinSize: 40, MaxSize: 40, MaxLines: 2}
	for _, title := range []string{"🚀 Launch day", "🚀🚀  Launch day", "Launch day 🚀", "Launch 🚀 day"} {
		b := Fit(title, o)
		var got string
		for _, l := range b.Lines {
			for _, r := range l.Runs {
				got += r.Text
			}
		}
		want := "Launch day"
		if got != want {
			t.Errorf("Fit(%q) draws %q, want %q", title, got, want)
		}
		if len(b.Missing) != 1 || b.Missing[0] != '🚀' {
			t.Errorf("Fit(%q).Missing = %q", title, b.Missing)
		}
	}
}
