// Command gen draws the tray and app icons from signed-distance shapes, so
// the PNGs are reproducible and every state differs in shape, not only in
// colour. Run it with `go generate ./assets/icons`.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
)

// sdf is a signed distance in icon units (the icon spans 0..1): negative inside.
type sdf func(x, y float64) float64

func circle(cx, cy, r float64) sdf {
	return func(x, y float64) float64 { return math.Hypot(x-cx, y-cy) - r }
}

func segment(ax, ay, bx, by, w float64) sdf {
	return func(x, y float64) float64 {
		px, py, dx, dy := x-ax, y-ay, bx-ax, by-ay
		h := math.Max(0, math.Min(1, (px*dx+py*dy)/(dx*dx+dy*dy)))
		return math.Hypot(px-dx*h, py-dy*h) - w
	}
}

// polygon is a convex polygon given counter-clockwise or clockwise; the
// distance is the max over edge half-planes (exact enough for edges).
func polygon(pts ...[2]float64) sdf {
	// orientation sign so "inside" is negative either way
	area := 0.0
	for i := range pts {
		j := (i + 1) % len(pts)
		area += pts[i][0]*pts[j][1] - pts[j][0]*pts[i][1]
	}
	s := 1.0
	if area < 0 {
		s = -1
	}
	return func(x, y float64) float64 {
		d := math.Inf(-1)
		for i := range pts {
			j := (i + 1) % len(pts)
			ex, ey := pts[j][0]-pts[i][0], pts[j][1]-pts[i][1]
			l := math.Hypot(ex, ey)
			// outward normal
			nx, ny := s*ey/l, -s*ex/l
			d = math.Max(d, (x-pts[i][0])*nx+(y-pts[i][1])*ny)
		}
		return d
	}
}

func regular(n int, cx, cy, r, rot float64) sdf {
	pts := make([][2]float64, n)
	for i := range pts {
		a := rot + 2*math.Pi*float64(i)/float64(n)
		pts[i] = [2]float64{cx + r*math.Cos(a), cy + r*math.Sin(a)}
	}
	return polygon(pts...)
}

// arc is a ring of radius r and half-width w from angle a0 to a1 (radians,
// y down, clockwise).
func arc(cx, cy, r, w, a0, a1 float64) sdf {
	return func(x, y float64) float64 {
		a := math.Atan2(y-cy, x-cx)
		for a < a0 {
			a += 2 * math.Pi
		}
		if a <= a1 {
			return math.Abs(math.Hypot(x-cx, y-cy)-r) - w
		}
		e0 := [2]float64{cx + r*math.Cos(a0), cy + r*math.Sin(a0)}
		e1 := [2]float64{cx + r*math.Cos(a1), cy + r*math.Sin(a1)}
		return math.Min(math.Hypot(x-e0[0], y-e0[1]), math.Hypot(x-e1[0], y-e1[1])) - w
	}
}

func union(fs ...sdf) sdf {
	return func(x, y float64) float64 {
		d := math.Inf(1)
		for _, f := range fs {
			d = math.Min(d, f(x, y))
		}
		return d
	}
}

func grow(f sdf, w float64) sdf { return func(x, y float64) float64 { return f(x, y) - w } }

func roundRect(x0, y0, x1, y1, r float64) sdf {
	return func(x, y float64) float64 {
		cx, cy := (x0+x1)/2, (y0+y1)/2
		hx, hy := (x1-x0)/2-r, (y1-y0)/2-r
		qx, qy := math.Abs(x-cx)-hx, math.Abs(y-cy)-hy
		return math.Hypot(math.Max(qx, 0), math.Max(qy, 0)) + math.Min(math.Max(qx, qy), 0) - r
	}
}

type layer struct {
	shape sdf
	col   color.NRGBA
	hole  bool // cut out of the template image instead of filling it
}

type icon struct {
	name   string
	size   int
	layers []layer
}

var (
	outline = color.NRGBA{0x1e, 0x1e, 0x1e, 0xff}
	white   = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	green   = color.NRGBA{0x2e, 0xa0, 0x43, 0xff}
	amber   = color.NRGBA{0xf2, 0xb1, 0x1b, 0xff}
	red     = color.NRGBA{0xd9, 0x30, 0x25, 0xff}
	blue    = color.NRGBA{0x2f, 0x80, 0xed, 0xff}
	grey    = color.NRGBA{0x9a, 0xa0, 0xa6, 0xff}
)

const edge = 0.045 // outline width that keeps icons readable on light and dark bars

// framed paints a dark outline, the coloured body, then the glyph.
func framed(body sdf, fill color.NRGBA, glyph sdf, glyphCol color.NRGBA) []layer {
	ls := []layer{{shape: grow(body, edge), col: outline}, {shape: body, col: fill}}
	if glyph != nil {
		ls = append(ls, layer{shape: grow(glyph, edge*0.6), col: outline, hole: true}, layer{shape: glyph, col: glyphCol, hole: true})
	}
	return ls
}

func cloud(dx, dy, s float64) sdf {
	return union(
		circle(dx+0.34*s, dy+0.58*s, 0.17*s),
		circle(dx+0.52*s, dy+0.45*s, 0.22*s),
		circle(dx+0.70*s, dy+0.60*s, 0.15*s),
		roundRect(dx+0.30*s, dy+0.55*s, dx+0.78*s, dy+0.75*s, 0.08*s),
	)
}

func icons() []icon {
	check := union(segment(0.30, 0.52, 0.44, 0.66, 0.055), segment(0.44, 0.66, 0.71, 0.36, 0.055))
	cross := union(segment(0.34, 0.34, 0.66, 0.66, 0.055), segment(0.66, 0.34, 0.34, 0.66, 0.055))
	// checking: a circular arrow (ring with a gap and an arrowhead)
	ringArrow := union(
		arc(0.5, 0.5, 0.30, 0.075, -math.Pi/2+0.55, 3*math.Pi/2-0.2),
		polygon([2]float64{0.56, 0.06}, [2]float64{0.80, 0.20}, [2]float64{0.56, 0.36}),
	)
	slash := segment(0.22, 0.80, 0.80, 0.22, 0.05)
	return []icon{
		{"tray-checking", 64, []layer{{shape: grow(ringArrow, edge), col: outline}, {shape: ringArrow, col: blue}}},
		{"tray-healthy", 64, framed(circle(0.5, 0.5, 0.40), green, check, white)},
		{"tray-warning", 64, framed(polygon([2]float64{0.5, 0.08}, [2]float64{0.94, 0.88}, [2]float64{0.06, 0.88}), amber, union(segment(0.5, 0.36, 0.5, 0.60, 0.055), circle(0.5, 0.74, 0.058)), outline)},
		{"tray-problem", 64, framed(regular(8, 0.5, 0.5, 0.44, math.Pi/8), red, cross, white)},
		{"tray-offline", 64, append(framed(cloud(-0.02, -0.10, 1.05), grey, nil, grey),
			layer{shape: grow(slash, edge*0.8), col: outline, hole: true}, layer{shape: slash, col: white, hole: true})},
		{"app", 256, append([]layer{{shape: roundRect(0.04, 0.04, 0.96, 0.96, 0.2), col: blue}},
			layer{shape: cloud(0.0, -0.12, 1.0), col: white},
			layer{shape: grow(union(segment(0.40, 0.60, 0.50, 0.70, 0.04), segment(0.50, 0.70, 0.68, 0.48, 0.04)), 0), col: green},
		)},
	}
}

// render paints layers with 4x4 supersampling. In template mode every
// coloured layer becomes opaque black and "hole" layers cut through, which
// is what macOS expects of a template image.
func render(ic icon, template bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, ic.size, ic.size))
	const ss = 4
	for py := 0; py < ic.size; py++ {
		for px := 0; px < ic.size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / float64(ic.size)
					y := (float64(py) + (float64(sy)+0.5)/ss) / float64(ic.size)
					var cr, cg, cb, ca float64
					for _, l := range ic.layers {
						if l.col.A == 0 || (template && l.col == outline && !l.hole) || l.shape(x, y) > 0 {
							continue
						}
						if template {
							if l.hole {
								ca = 0
							} else {
								cr, cg, cb, ca = 0, 0, 0, 1
							}
							continue
						}
						cr, cg, cb, ca = float64(l.col.R), float64(l.col.G), float64(l.col.B), 1
					}
					r += cr * ca
					g += cg * ca
					b += cb * ca
					a += ca
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{uint8(r / a), uint8(g / a), uint8(b / a), uint8(255 * a / (ss * ss))})
		}
	}
	return img
}

func write(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func main() {
	out := flag.String("out", ".", "directory to write the PNGs into")
	flag.Parse()
	for _, ic := range icons() {
		if err := write(filepath.Join(*out, ic.name+".png"), render(ic, false)); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		if ic.name == "app" {
			continue
		}
		if err := write(filepath.Join(*out, ic.name+"-template.png"), render(ic, true)); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}
