// Package cards renders themed social card images: OpenGraph (og,
// 1200×630), X (x, 1200×600) and square (1200×1200) cards showing a post's
// category, title, excerpt, author, date and site.
//
// # Themes
//
// A theme is a YAML file; the built-in ones (BuiltinThemes: midnight, a
// dark gradient; paper, a light editorial solid; photo, the post's hero
// under a scrim, else a gradient) are embedded, and LoadTheme reads any
// other by path. Every key is optional and unknown keys are errors naming
// the file, line and key:
//
//	name: midnight                 # default: the file name
//	background:
//	  type: gradient               # solid | gradient | hero
//	  color: "#0f172a"             # solid colour
//	  from: "#0f172a"              # gradient (also a hero theme's fallback)
//	  via: "#312e81"               # optional middle stop
//	  to: "#1d4ed8"
//	  angle: 135                   # CSS degrees: 0 up, 90 right, 135 down-right
//	  scrim: "#000000"             # hero: colour laid over the photo
//	  scrimMin: 0.2                # hero: lowest scrim opacity
//	padding: 72                    # px between the edge and the content
//	gap: 36                        # px between header, title and excerpt
//	category: {style: pill, color: "#fff", fill: "#2563eb", size: 24, weight: bold, uppercase: true, show: true}
//	title: {color: "#fff", weight: bold, minSize: 46, maxSize: 68, maxLines: 3, lineHeight: 1.2, balance: true}
//	excerpt: {color: "#cbd5e1", size: 28, weight: regular, maxLines: 2, show: true}
//	byline: {color: "#cbd5e1", size: 30, weight: regular, avatar: 56, date: true, show: true}
//	site: {color: "#fff", size: 30, weight: bold, logo: 48, show: true}
//	accentBar: {show: true, color: "#60a5fa", position: left, thickness: 10, length: 96}
//
// Colours are #rgb, #rrggbb or #rrggbbaa. Sizes are pixels on the og card;
// the square card scales text by 1.3.
//
// # Layout and safe zones
//
// The header (accent bar, category) sits at the top of the content box, the
// footer (avatar, author · date on the left; site name and logo on the
// right) at its bottom, the title between them, top-aligned, then the
// excerpt. The title wraps, shrinks from maxSize to minSize, then ends with
// an ellipsis (package layout); every shrink, cut, unshaped script and
// missing glyph is a warning in the Result. Nothing but background is drawn
// in the top and bottom SafeEdge (15) pixels, nor, on the x size, in X's
// domain overlay at the bottom left (XOverlayWidth 40 % of the width,
// XOverlayHeight 80 px): SafeZones lists them.
//
// # Contrast
//
// Contrast is WCAG 2's ratio of relative luminances, measured on the pixels
// behind the title box as its 5th percentile (95 % of the box gives at
// least the reported ratio). A hero theme lays its scrim at the lowest
// opacity, in steps of 0.05 from scrimMin, that gives 4.5:1; a solid or
// gradient theme that falls short gets a warning.
//
// # Encoding and speed
//
// Each theme×size background is rasterised once per Renderer and copied
// into a pooled canvas per card. Cards are written by this package's own
// PNG encoder: 8-bit RGB, no filter for drawn cards (a gradient row repeats
// the previous one shifted, which deflate matches) and Up for photos, and
// klauspost/compress's level-1 deflate; about 6 ms of CPU and 100 KB for a
// Task C card against image/png's 50 ms. Over the byte budget a card
// becomes a 256-colour palette PNG (median cut; dithered for photos), then
// a JPEG, with a warning each time. Rendering is deterministic: the same
// input gives the same bytes.
package cards
