package content

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// psychUTCTime is YAML 1.1's timestamp with a time of day and no offset,
// which Psych resolves unquoted, and reads as UTC.
var psychUTCTime = regexp.MustCompile(`^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|[ \t]+)\d{1,2}:\d\d:\d\d(?:\.\d*)?$`)

// yamlLineRE finds the line number in a yaml.v3 error message.
var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// decodeYAML decodes a YAML front matter block that starts on blockLine of
// its file, expanding aliases within maxNodes values and maxExpandedBytes
// of text.
func decodeYAML(block []byte, blockLine int) (*frontMatter, error) {
	fm := &frontMatter{format: FormatYAML}
	var doc yaml.Node
	if err := yaml.Unmarshal(block, &doc); err != nil {
		// yaml.v3 counts lines inside the block: move them to the file.
		n, msg := YAMLError(err)
		line := blockLine
		if n > 0 {
			line = blockLine + n - 1
		}
		return nil, &lineError{line: line, msg: "invalid YAML front matter: " + msg}
	}
	if len(doc.Content) == 0 {
		return fm, nil // empty front matter
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &lineError{line: blockLine + root.Line - 1, msg: "front matter must be a mapping of keys to values"}
	}
	budget := yamlBudget{nodes: maxNodes, bytes: maxExpandedBytes}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind == yaml.AliasNode || k.Tag == "!!merge" {
			continue // merge keys at the top level are not front-matter fields
		}
		val, err := yamlValue(v, &budget)
		if err != nil {
			return nil, &lineError{line: blockLine + k.Line - 1, msg: err.Error()}
		}
		f := field{key: k.Value, value: val, line: blockLine + k.Line - 1}
		vv := v
		if vv.Kind == yaml.AliasNode && vv.Alias != nil {
			vv = vv.Alias
		}
		f.timestamp = vv.Kind == yaml.ScalarNode && vv.ShortTag() == "!!timestamp"
		f.psychUTC = vv.Kind == yaml.ScalarNode && vv.Style == 0 && psychUTCTime.MatchString(vv.Value)
		fm.add(f)
	}
	return fm, nil
}

// yamlParserProblems are the messages of yaml.v3's parser errors, whose line
// it reports 0-based; its scanner errors are 1-based.
var yamlParserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

func yamlParserError(msg string) bool {
	return slices.ContainsFunc(yamlParserProblems, func(p string) bool { return strings.HasSuffix(msg, p) })
}

var (
	errTooManyNodes = fmt.Errorf("front matter expands to over %d values (a YAML alias bomb?)", maxNodes)
	errTooLarge     = fmt.Errorf("front matter expands to over %d MiB of text (a YAML alias bomb?)", maxExpandedBytes>>20)
)

// yamlBudget is what is left of the limits while expanding a front matter.
type yamlBudget struct{ nodes, bytes int }

func yamlValue(n *yaml.Node, budget *yamlBudget) (any, error) {
	budget.nodes--
	budget.bytes -= len(n.Value)
	if budget.nodes < 0 {
		return nil, errTooManyNodes
	}
	if budget.bytes < 0 {
		return nil, errTooLarge
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, nil
		}
		return yamlValue(n.Alias, budget)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c, budget)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			budget.bytes -= len(k.Value)
			v, err := yamlValue(n.Content[i+1], budget)
			if err != nil {
				return nil, err
			}
			if k.Tag == "!!merge" {
				if m, ok := v.(map[string]any); ok {
					for mk, mv := range m {
						if _, exists := out[mk]; !exists {
							out[mk] = mv
						}
					}
				}
				continue
			}
			out[k.Value] = v
		}
		return out, nil
	case yaml.ScalarNode:
		return yamlScalar(n)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return yamlValue(n.Content[0], budget)
	}
	return nil, nil
}

func yamlScalar(n *yaml.Node) (any, error) {
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return n.Value, nil
		}
		return b, nil
	case "!!int":
		var i int64
		if err := n.Decode(&i); err != nil {
			return n.Value, nil // out of range: keep the text
		}
		return i, nil
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return n.Value, nil // JSON cannot carry Inf/NaN: keep the text
		}
		return f, nil
	}
	return n.Value, nil // strings, timestamps (kept as text), binary
}

// YAMLError splits a yaml.v3 syntax error into its 1-based line (0 when it
// names none) and its message. yaml.v3 numbers the lines of its parser
// errors from 0 and those of its scanner errors from 1; this corrects that.
func YAMLError(err error) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	m := yamlLineRE.FindStringSubmatchIndex(msg)
	if m == nil {
		return 0, msg
	}
	line, _ = strconv.Atoi(msg[m[2]:m[3]])
	if yamlParserError(msg) {
		line++
	}
	msg = strings.TrimSpace(strings.TrimPrefix(msg[:m[0]]+msg[m[1]:], ": "))
	return line, strings.TrimPrefix(msg, ": ")
}
