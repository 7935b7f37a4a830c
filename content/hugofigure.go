package content

import (
	"strconv"
	"strings"
)

// Hugo's built-in figure shortcode, {{< figure src="…" alt="…" >}}, is the
// way most Hugo posts place an image in their body. seopipe reads it as its
// own image shortcode, so the image is fetched, resized and listed like any
// other: src, alt, title, caption, width and height carry over; alt falls
// back to the caption as Hugo's template does. Hugo's link, target, rel,
// class and attr have no place in the image shortcode and are not kept.

// hugoFigure returns the image shortcode for a figure tag with arguments
// args, or false when they are not Hugo's named parameters or give no src.
func hugoFigure(args string) (string, bool) {
	params, ok := hugoNamedArgs(args)
	if !ok {
		return "", false
	}
	src := strings.TrimSpace(params["src"])
	if src == "" {
		return "", false
	}
	// The image shortcode's URL has no spaces and never holds "}}".
	src = strings.NewReplacer(" ", "%20", "\t", "%09", "}", "%7D").Replace(src)
	var b strings.Builder
	b.WriteString("{{image: ")
	b.WriteString(src)
	alt := params["alt"]
	if alt == "" {
		alt = params["caption"]
	}
	for _, k := range []string{"alt", "title", "caption"} {
		v := params[k]
		if k == "alt" {
			v = alt
		}
		if v = strings.TrimSpace(v); v != "" {
			b.WriteString(", " + k + ": " + quoteShortcodeValue(v))
		}
	}
	for _, k := range []string{"width", "height"} {
		// Hugo writes them into the <img> as given; only whole pixels
		// are an image shortcode's ("50%" is left to the stylesheet).
		if n, err := strconv.Atoi(strings.TrimSpace(params[k])); err == nil && n > 0 && n <= 100_000 {
			b.WriteString(", " + k + ": " + strconv.Itoa(n))
		}
	}
	b.WriteString("}}")
	return b.String(), true
}

// quoteShortcodeValue quotes v for the image shortcode: in double quotes,
// with quotes and backslashes escaped and line ends as spaces.
func quoteShortcodeValue(v string) string {
	v = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\r\n", " ", "\n", " ", "\r", " ").Replace(v)
	return `"` + v + `"`
}

// hugoNamedArgs reads a shortcode's named parameters as Hugo does:
// name="value" (with \" inside), name=`raw value` or name=value. It
// reports false for positional parameters or anything it cannot read.
func hugoNamedArgs(s string) (map[string]string, bool) {
	out := map[string]string{}
	i := 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++
		}
		if i >= len(s) {
			return out, true
		}
		k := i
		for k < len(s) && isKeyByte(s[k]) {
			k++
		}
		if k == i || k >= len(s) || s[k] != '=' {
			return nil, false
		}
		name := strings.ToLower(s[i:k])
		i = k + 1
		if i >= len(s) {
			return nil, false
		}
		var val string
		switch q := s[i]; q {
		case '"':
			var b strings.Builder
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) && (s[j+1] == '"' || s[j+1] == '\\') {
					j++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, false
			}
			val, i = b.String(), j+1
		case '`':
			j := strings.IndexByte(s[i+1:], '`')
			if j < 0 {
				return nil, false
			}
			val, i = s[i+1:i+1+j], i+2+j
		default:
			j := i
			for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r' {
				j++
			}
			val, i = s[i:j], j
		}
		if _, dup := out[name]; dup {
			return nil, false
		}
		out[name] = val
	}
}
