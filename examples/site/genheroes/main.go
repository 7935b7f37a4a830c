// Command genheroes draws the hero images and the logo of the bundled example
// site. The pictures are procedural (gradients, circles, stripes and soft
// value noise) so that the example site builds with no network access and the
// repository carries no third-party artwork.
//
// The output is deterministic: every random number comes from a math/rand/v2
// PCG source with a fixed seed, pixels are drawn in a fixed order, and the
// standard library encoders are deterministic, so two runs with the same Go
// release write byte-identical files.
//
// Usage, from the repository root:
//
//	go run ./examples/site/genheroes [-out DIR]
//
// It writes, under DIR (default examples/site/static/images):
//
//	heroes/harbour.jpg     1600×900 JPEG, quality 75: sunset over a harbour
//	heroes/lighthouse.jpg  1600×900 JPEG, quality 75: a lighthouse at night
//	heroes/circuit.jpg     1600×900 JPEG, quality 75: a glowing circuit board
//	heroes/meadow.jpg      1600×900 JPEG, quality 75: rolling hills at dawn
//	heroes/orbit.png       1200×1200 PNG with alpha: a ringed planet on a transparent background
//	logo.png               256×256 PNG with alpha: the Signal & Noise logo
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
)

const (
	heroWidth   = 1600
	heroHeight  = 900
	jpegQuality = 75
)

func main() {
	out := flag.String("out", filepath.Join("examples", "site", "static", "images"), "output directory")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "genheroes:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	heroes := filepath.Join(out, "heroes")
	if err := os.MkdirAll(heroes, 0o755); err != nil {
		return err
	}
	jpegs := []struct {
		name  string
		seed  uint64
		grain float64
		shade func(*rand.Rand) shader
	}{
		{"harbour.jpg", 1, 0.030, harbour},
		{"lighthouse.jpg", 2, 0.030, lighthouse},
		{"circuit.jpg", 3, 0.016, circuit},
		{"meadow.jpg", 4, 0.030, meadow},
	}
	for _, j := range jpegs {
		rng := newRand(j.seed)
		img := renderOpaque(heroWidth, heroHeight, j.grain, rng, j.shade(rng))
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality}); err != nil {
			return fmt.Errorf("%s: %w", j.name, err)
		}
		if err := write(filepath.Join(heroes, j.name), buf.Bytes()); err != nil {
			return err
		}
	}
	pngs := []struct {
		path string
		img  image.Image
	}{
		{filepath.Join(heroes, "orbit.png"), orbit(newRand(5))},
		{filepath.Join(out, "logo.png"), logo()},
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	for _, p := range pngs {
		var buf bytes.Buffer
		if err := enc.Encode(&buf, p.img); err != nil {
			return fmt.Errorf("%s: %w", p.path, err)
		}
		if err := write(p.path, buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

func write(path string, data []byte) error {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	fmt.Printf("%-50s %7d bytes\n", path, len(data))
	return nil
}

// newRand returns a PCG-backed generator; the second seed word is fixed so
// that each picture is selected by a single small number.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x5eed5eed5eed5eed))
}

// ---- colours and helpers -------------------------------------------------

// rgb is a linear-ish colour with channels in [0, 1].
type rgb struct{ r, g, b float64 }

func hex(s string) rgb {
	var r, g, b uint8
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &r, &g, &b); err != nil {
		panic("bad colour " + s)
	}
	return rgb{float64(r) / 255, float64(g) / 255, float64(b) / 255}
}

func mix(a, b rgb, t float64) rgb {
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

func (c rgb) add(d rgb, k float64) rgb { return rgb{c.r + d.r*k, c.g + d.g*k, c.b + d.b*k} }
func (c rgb) mul(k float64) rgb        { return rgb{c.r * k, c.g * k, c.b * k} }

type stop struct {
	at float64
	c  rgb
}

// ramp interpolates a gradient given by stops sorted by position.
func ramp(stops []stop, t float64) rgb {
	if t <= stops[0].at {
		return stops[0].c
	}
	for i := 1; i < len(stops); i++ {
		if t <= stops[i].at {
			a, b := stops[i-1], stops[i]
			return mix(a.c, b.c, smooth((t-a.at)/(b.at-a.at)))
		}
	}
	return stops[len(stops)-1].c
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// smooth is the cubic smoothstep of x clamped to [0, 1].
func smooth(x float64) float64 {
	x = clamp01(x)
	return x * x * (3 - 2*x)
}

// smoothstep maps x from [e0, e1] to [0, 1] with a smooth ramp.
func smoothstep(e0, e1, x float64) float64 { return smooth((x - e0) / (e1 - e0)) }

// cover turns a signed distance (negative inside) into pixel coverage,
// antialiased over one pixel.
func cover(d float64) float64 { return clamp01(0.5 - d) }

// noise is periodic 2-D value noise on an n×n lattice.
type noise struct {
	n int
	v []float64
}

func newNoise(rng *rand.Rand, n int) *noise {
	v := make([]float64, n*n)
	for i := range v {
		v[i] = rng.Float64()
	}
	return &noise{n, v}
}

func (p *noise) lattice(i, j int) float64 {
	i = ((i % p.n) + p.n) % p.n
	j = ((j % p.n) + p.n) % p.n
	return p.v[j*p.n+i]
}

// at samples the noise at (x, y) in lattice units; the result is in [0, 1].
func (p *noise) at(x, y float64) float64 {
	x0, y0 := math.Floor(x), math.Floor(y)
	i, j := int(x0), int(y0)
	fx, fy := smooth(x-x0), smooth(y-y0)
	a := p.lattice(i, j) + (p.lattice(i+1, j)-p.lattice(i, j))*fx
	b := p.lattice(i, j+1) + (p.lattice(i+1, j+1)-p.lattice(i, j+1))*fx
	return a + (b-a)*fy
}

// fbm sums octaves of noise; the result is in [0, 1].
func (p *noise) fbm(x, y float64, octaves int) float64 {
	sum, amp, norm := 0.0, 0.5, 0.0
	for o := 0; o < octaves; o++ {
		sum += amp * p.at(x, y)
		norm += amp
		x, y, amp = x*2.03+17.1, y*2.03+31.7, amp*0.5
	}
	return sum / norm
}

// shader returns the colour at pixel centre (x, y).
type shader func(x, y float64) rgb

// renderOpaque evaluates shade at every pixel and adds a fine luminance grain
// of the given amplitude, which keeps gradients from banding.
func renderOpaque(w, h int, grain float64, rng *rand.Rand, shade shader) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := shade(float64(x)+0.5, float64(y)+0.5)
			g := (rng.Float64() - 0.5) * grain
			i := img.PixOffset(x, y)
			img.Pix[i+0] = to8(c.r + g)
			img.Pix[i+1] = to8(c.g + g)
			img.Pix[i+2] = to8(c.b + g)
			img.Pix[i+3] = 0xff
		}
	}
	return img
}

func to8(v float64) uint8 { return uint8(math.Round(clamp01(v) * 255)) }

// ---- the four heroes -------------------------------------------------------

// harbour: a sunset sky with clouds, a sun, a line of hills and rippled water.
func harbour(rng *rand.Rand) shader {
	const horizon = 540.0
	sunX, sunY, sunR := 1120.0, 452.0, 92.0
	clouds := newNoise(rng, 64)
	ripples := newNoise(rng, 64)
	hills := newNoise(rng, 64)
	sky := []stop{
		{0, hex("#1f1846")}, {0.45, hex("#7a3b78")}, {0.8, hex("#f0795a")}, {1, hex("#ffc47a")},
	}
	return func(x, y float64) rgb {
		if y < horizon {
			c := ramp(sky, y/horizon)
			cl := smoothstep(0.52, 0.78, clouds.fbm(x/420, y/70, 4)) * smoothstep(0, 120, y) * (1 - y/horizon*0.5)
			c = mix(c, hex("#ffb3a1"), 0.45*cl)
			d := math.Hypot(x-sunX, y-sunY)
			c = c.add(hex("#ffd6a0"), 0.55*math.Exp(-(d/260)*(d/260)))
			c = mix(c, hex("#fff1c9"), cover(d-sunR))
			top := horizon - 18 - 70*hills.fbm(x/260, 3.5, 3)*(0.4+0.6*smoothstep(1500, 300, x))
			return mix(c, mix(hex("#3a2350"), hex("#24163a"), (y-top)/80), cover(top-y))
		}
		t := (y - horizon) / (heroHeight - horizon)
		c := mix(hex("#df8463"), hex("#1a1638"), math.Pow(t, 0.6))
		n := ripples.fbm(x/180, y/24, 3)
		s := 0.5 + 0.5*math.Sin(34*math.Log(t+0.03)+7*n)
		c = c.mul(0.88 + 0.2*s)
		col := 30 + 230*t
		ax := math.Exp(-((x - sunX) / col) * ((x - sunX) / col))
		c = c.add(hex("#ffd49a"), 0.75*ax*smoothstep(0.35, 0.95, s)*(1-0.6*t))
		return c
	}
}

// lighthouse: a night sky with stars, a striped tower on a cliff and a sweeping beam.
func lighthouse(rng *rand.Rand) shader {
	const horizon = 640.0
	const cell = 48
	type star struct{ x, y, r, b float64 }
	cols, rows := heroWidth/cell+1, heroHeight/cell+1
	stars := make([]star, cols*rows)
	for i := range stars {
		cx, cy := float64(i%cols*cell), float64(i/cols*cell)
		stars[i] = star{
			x: cx + 6 + rng.Float64()*(cell-12),
			y: cy + 6 + rng.Float64()*(cell-12),
			r: 0.6 + 1.4*rng.Float64()*rng.Float64(),
			b: 0.25 + 0.75*rng.Float64(),
		}
	}
	sea := newNoise(rng, 64)
	rock := newNoise(rng, 64)
	haze := newNoise(rng, 64)
	sky := []stop{{0, hex("#0b1026")}, {0.6, hex("#1b2a55")}, {1, hex("#40618a")}}
	lampX, lampY := 352.0, 346.0
	beamDir := -7 * math.Pi / 180
	return func(x, y float64) rgb {
		var c rgb
		if y < horizon {
			c = ramp(sky, y/horizon)
			c = c.add(hex("#6a7fb8"), 0.12*haze.fbm(x/500, y/160, 4))
			s := stars[int(y)/cell*cols+int(x)/cell]
			d := math.Hypot(x-s.x, y-s.y)
			c = c.add(hex("#f4f1ff"), s.b*math.Exp(-(d/s.r)*(d/s.r))*(1-smoothstep(380, horizon, y)))
		} else {
			t := (y - horizon) / (heroHeight - horizon)
			c = mix(hex("#2a4268"), hex("#080c1e"), math.Pow(t, 0.7))
			n := sea.fbm(x/150, y/14, 3)
			s := 0.5 + 0.5*math.Sin(28*math.Log(t+0.04)+6*n)
			c = c.mul(0.85 + 0.25*s)
		}
		// The beam and the lamp's halo.
		dx, dy := x-lampX, y-lampY
		dist := math.Hypot(dx, dy)
		ang := math.Abs(math.Atan2(dy, dx) - beamDir)
		beam := smoothstep(0.11, 0.02, ang) * math.Exp(-dist/1500) * smoothstep(10, 60, dist)
		c = c.add(hex("#fff2c2"), 0.5*beam)
		c = c.add(hex("#ffe9a8"), 0.9*math.Exp(-(dist/46)*(dist/46)))
		// The tower: red and white bands, shaded from the left.
		if y >= 370 && y <= 600 {
			hw := 22 + 16*(y-370)/230
			a := cover(math.Abs(x-lampX) - hw)
			band := hex("#ece6da")
			if int((y-370)/40)%2 == 1 {
				band = hex("#b8423a")
			}
			band = band.mul(0.55 + 0.45*smoothstep(hw, -hw, x-lampX))
			c = mix(c, band, a)
		}
		// Lantern room and roof.
		if y >= 330 && y < 370 {
			c = mix(c, hex("#ffeab0"), cover(math.Abs(x-lampX)-16))
		}
		if y >= 300 && y < 330 {
			c = mix(c, hex("#231c2c"), cover(math.Abs(x-lampX)-(y-300)*0.8))
		}
		// The cliff in front.
		top := 560 + 26*rock.fbm(x/110, 2.5, 3) + 420*smoothstep(360, 700, x)
		if y > top-2 {
			r := mix(hex("#1c2031"), hex("#0c0e18"), smoothstep(top, top+200, y))
			r = r.mul(0.8 + 0.4*rock.fbm(x/40, y/40, 3))
			c = mix(c, r, cover(top-y))
		}
		return c
	}
}

// circuit: glowing traces between nodes on a dark board.
func circuit(rng *rand.Rand) shader {
	const cell = 100.0
	cols, rows := int(heroWidth/cell)+1, int(heroHeight/cell)+1
	type node struct {
		right, down, chip, ring bool
	}
	nodes := make([]node, cols*rows)
	for i := range nodes {
		nodes[i] = node{
			right: rng.Float64() < 0.55,
			down:  rng.Float64() < 0.5,
			chip:  rng.Float64() < 0.1,
			ring:  rng.Float64() < 0.5,
		}
	}
	at := func(i, j int) node {
		if i < 0 || j < 0 || i >= cols || j >= rows {
			return node{}
		}
		return nodes[j*cols+i]
	}
	board := newNoise(rng, 32)
	return func(x, y float64) rgb {
		dc := math.Hypot(x-heroWidth*0.55, y-heroHeight*0.45) / 1000
		c := mix(hex("#143a40"), hex("#0a171c"), smooth(dc))
		c = c.add(hex("#1d4f4a"), 0.3*(board.fbm(x/300, y/300, 4)-0.5))
		i, j := int(x/cell), int(y/cell)
		cx, cy := (float64(i)+0.5)*cell, (float64(j)+0.5)*cell
		n := at(i, j)
		dx, dy := x-cx, y-cy
		d := math.Inf(1)
		if (dx >= 0 && n.right) || (dx < 0 && at(i-1, j).right) {
			d = math.Min(d, math.Abs(dy))
		}
		if (dy >= 0 && n.down) || (dy < 0 && at(i, j-1).down) {
			d = math.Min(d, math.Abs(dx))
		}
		r := math.Hypot(dx, dy)
		glow := mix(hex("#3fd1b0"), hex("#a77bf3"), smooth(x/heroWidth))
		if n.chip {
			box := math.Max(math.Abs(dx), math.Abs(dy)) - 26
			c = c.add(glow, 0.25*math.Exp(-math.Max(box, 0)/14))
			c = mix(c, hex("#0b1418"), cover(box))
			c = mix(c, glow, cover(math.Abs(box+3)-1.5))
			stripes := 0.5 + 0.5*math.Sin(dx*0.6)
			c = mix(c, glow.mul(0.5), cover(math.Max(math.Abs(dx)-18, math.Abs(dy)-18))*0.4*stripes)
			return c
		}
		c = c.add(glow, 0.35*math.Exp(-d/9))
		c = mix(c, glow.add(hex("#ffffff"), 0.2), cover(d-2.5))
		if n.ring {
			c = c.add(glow, 0.4*math.Exp(-math.Max(r-9, 0)/10))
			c = mix(c, hex("#0a171c"), cover(r-6))
			c = mix(c, glow.add(hex("#ffffff"), 0.3), cover(math.Abs(r-8)-2))
		} else {
			c = mix(c, glow.add(hex("#ffffff"), 0.4), cover(r-5))
		}
		return c
	}
}

// meadow: a pastel sky with a sun and its rays over layered rolling hills.
func meadow(rng *rand.Rand) shader {
	type layer struct {
		base, amp, f1, f2, p1, p2 float64
		near, far                 rgb
	}
	shades := [][2]string{
		{"#a9c4b6", "#93b2a6"}, {"#8fb795", "#7aa283"}, {"#6fa26a", "#5b8c58"},
		{"#558f4b", "#44793d"}, {"#3f7a35", "#2d5e2a"},
	}
	layers := make([]layer, len(shades))
	for k := range layers {
		layers[k] = layer{
			base: 470 + float64(k)*85,
			amp:  60 - float64(k)*5,
			f1:   (1.5 + rng.Float64()) * 2 * math.Pi / heroWidth,
			f2:   (3 + 3*rng.Float64()) * 2 * math.Pi / heroWidth,
			p1:   rng.Float64() * 2 * math.Pi,
			p2:   rng.Float64() * 2 * math.Pi,
			near: hex(shades[k][0]),
			far:  hex(shades[k][1]),
		}
	}
	grass := newNoise(rng, 64)
	sky := []stop{{0, hex("#8fb8de")}, {0.55, hex("#cfe0ea")}, {1, hex("#f6e3c0")}}
	sunX, sunY := 400.0, 250.0
	return func(x, y float64) rgb {
		c := ramp(sky, y/560)
		dx, dy := x-sunX, y-sunY
		d := math.Hypot(dx, dy)
		rays := 0.5 + 0.5*math.Sin(math.Atan2(dy, dx)*14)
		c = c.add(hex("#fff4d6"), 0.09*rays*math.Exp(-d/700)+0.22*math.Exp(-(d/200)*(d/200)))
		c = mix(c, hex("#fffdf4"), cover(d-70))
		for k, l := range layers {
			top := l.base - l.amp*(0.5*math.Sin(x*l.f1+l.p1)+0.3*math.Sin(x*l.f2+l.p2)+0.6*(grass.fbm(x/240, float64(k)*7.3, 3)-0.5))
			if y < top-1 {
				continue
			}
			g := mix(l.near, l.far, smoothstep(top, top+160, y))
			g = g.add(hex("#fff6d0"), 0.18*math.Exp(-(y-top)/18))
			if k >= 2 {
				rows := 0.5 + 0.5*math.Sin((x*0.35+y)*0.09+4*grass.at(x/90, y/90))
				g = g.mul(0.94 + 0.08*rows)
			}
			c = mix(c, g, cover(top-y))
		}
		return c
	}
}

// ---- transparent images ----------------------------------------------------

// premul is a premultiplied colour with alpha, channels in [0, 1].
type premul struct{ r, g, b, a float64 }

// over composites colour c with coverage a over dst.
func over(dst premul, c rgb, a float64) premul {
	return premul{
		c.r*a + dst.r*(1-a),
		c.g*a + dst.g*(1-a),
		c.b*a + dst.b*(1-a),
		a + dst.a*(1-a),
	}
}

// renderAlpha evaluates shade on an n×n grid of samples inside every pixel
// and averages them, which antialiases the flat shapes it draws while
// keeping their interiors exactly flat (and so cheap to compress).
func renderAlpha(w, h, n int, shade func(x, y float64) premul) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	k := 1 / float64(n*n)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var sum premul
			for sy := 0; sy < n; sy++ {
				for sx := 0; sx < n; sx++ {
					p := shade(float64(x)+(float64(sx)+0.5)/float64(n), float64(y)+(float64(sy)+0.5)/float64(n))
					sum = premul{sum.r + p.r, sum.g + p.g, sum.b + p.b, sum.a + p.a}
				}
			}
			a := to8(sum.a * k)
			if a == 0 {
				continue // fully transparent pixels stay 0,0,0,0
			}
			u := 1 / sum.a
			img.SetNRGBA(x, y, color.NRGBA{to8(sum.r * u), to8(sum.g * u), to8(sum.b * u), a})
		}
	}
	return img
}

// orbit: a flat-shaded banded planet with a tilted ring and a thin
// atmosphere, on a transparent background.
func orbit(rng *rand.Rand) *image.NRGBA {
	const size = 1200.0
	cx, cy, pr := size/2, size/2, 330.0
	tilt := -20 * math.Pi / 180
	ct, st := math.Cos(tilt), math.Sin(tilt)
	ra, rb := 560.0, 150.0
	palette := []rgb{hex("#f2c17d"), hex("#e39a5a"), hex("#c9683f"), hex("#eab073"), hex("#b4553a")}
	var phase [3]float64
	for i := range phase {
		phase[i] = rng.Float64() * 2 * math.Pi
	}
	return renderAlpha(int(size), int(size), 3, func(x, y float64) premul {
		var p premul
		dx, dy := x-cx, y-cy
		u := dx*ct + dy*st  // along the ring's long axis
		v := -dx*st + dy*ct // across it; v > 0 is the near half
		rho := math.Hypot(u/ra, v/rb)
		var ringC rgb
		ringA := 0.0
		switch {
		case rho >= 0.70 && rho < 0.855:
			ringC, ringA = hex("#e6d6b0"), 0.92
		case rho >= 0.875 && rho < 1:
			ringC, ringA = hex("#cdb98f"), 0.8
		}
		if v <= 0 {
			p = over(p, ringC, ringA)
		}
		d := math.Hypot(dx, dy)
		if d >= pr && d < pr+16 {
			p = over(p, hex("#ffd29a"), 0.3)
		}
		if d < pr {
			lat := v/pr + 0.06*math.Sin(u/90+phase[0]) + 0.03*math.Sin(u/37+phase[1])
			band := int(math.Floor((lat + 1) * 4.5))
			c := palette[((band%len(palette))+len(palette))%len(palette)]
			// Flat terminator: the part outside a disc shifted towards
			// the light is in shadow.
			if math.Hypot(dx+70, dy+80) > pr*1.04 {
				c = c.mul(0.62)
			}
			// A soft-edged highlight near the lit limb.
			if math.Hypot(dx+150, dy+160) < 70 {
				c = mix(c, hex("#fff3dc"), 0.2)
			}
			p = over(p, c, 1)
		}
		if v > 0 {
			p = over(p, ringC, ringA)
		}
		return p
	})
}

// logo: a rounded square with a gradient, a dot and three signal arcs.
func logo() *image.NRGBA {
	const size = 256.0
	ox, oy := 74.0, 182.0
	return renderAlpha(int(size), int(size), 1, func(x, y float64) premul {
		var p premul
		// Rounded square, radius 52.
		qx := math.Max(math.Abs(x-size/2)-(size/2-52), 0)
		qy := math.Max(math.Abs(y-size/2)-(size/2-52), 0)
		box := math.Hypot(qx, qy) - 52
		bg := mix(hex("#3b2f8f"), hex("#1fa39a"), smooth((x+size-y)/(2*size)))
		p = over(p, bg, cover(box))
		white := hex("#fbfaf5")
		dx, dy := x-ox, y-oy
		r := math.Hypot(dx, dy)
		p = over(p, white, cover(r-17))
		for _, R := range []float64{56, 94, 132} {
			// Arc over the upper-right quarter, with round caps.
			var d float64
			if dx >= 0 && dy <= 0 {
				d = math.Abs(r-R) - 8
			} else {
				d = math.Min(math.Hypot(x-(ox+R), y-oy), math.Hypot(x-ox, y-(oy-R))) - 8
			}
			p = over(p, white, cover(d)*cover(box))
		}
		return p
	})
}
