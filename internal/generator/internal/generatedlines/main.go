package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: generatedlines FILE.temporal.go...")
		os.Exit(2)
	}
	for _, path := range os.Args[1:] {
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		c, err := count(path, src)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		c.print(os.Stdout, path)
	}
}

// parts are the columns of the report, in order.
var parts = []string{"names", "templates", "descriptors", "client", "run", "worker", "workflow"}

// Owners that are not rpcs.
const (
	service = "(service)"
	header  = "(header)"
)

// counted is one file's lines of code by owner and part.
type counted struct {
	rpcs  []rpc                     // in the file's order
	lines map[string]map[string]int // owner → part → lines
	total int
}

type rpc struct{ name, kind string }

// nameConst is a name constant of an rpc: ProcessOrderWorkflowName.
var nameConst = regexp.MustCompile(`^(\w+?)(Workflow|Activity|Signal|Query|Update)Name$`)

// count attributes each line of code of the generated file src.
func count(path string, src []byte) (*counted, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	code := codeLines(src)
	c := &counted{lines: map[string]map[string]int{}, total: len(code)}
	var svc string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if v, ok := s.(*ast.ValueSpec); ok && d.Tok == token.CONST {
					if m := nameConst.FindStringSubmatch(v.Names[0].Name); m != nil {
						c.rpcs = append(c.rpcs, rpc{m[1], strings.ToLower(m[2])})
					}
				}
			}
		case *ast.FuncDecl:
			if d.Recv == nil && strings.HasPrefix(d.Name.Name, "New") && strings.HasSuffix(d.Name.Name, "Client") {
				svc = strings.TrimSuffix(strings.TrimPrefix(d.Name.Name, "New"), "Client")
			}
		}
	}
	// Longest names first, so that ProcessOrder does not take
	// ProcessOrderLine's declarations.
	longestFirst := slices.Clone(c.rpcs)
	slices.SortStableFunc(longestFirst, func(a, b rpc) int { return len(b.name) - len(a.name) })
	owner := func(names ...string) string {
		for _, n := range names {
			if o := ownerOf(n, svc, longestFirst); o != "" {
				return o
			}
		}
		return service
	}
	assigned := map[int]bool{}
	add := func(from, to token.Pos, owner, part string) {
		for l := fset.Position(from).Line; l <= fset.Position(to).Line; l++ {
			if code[l] && !assigned[l] {
				assigned[l] = true
				if c.lines[owner] == nil {
					c.lines[owner] = map[string]int{}
				}
				c.lines[owner][part]++
			}
		}
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				add(d.Pos(), d.End(), owner(d.Name.Name), funcPart(d.Name.Name, svc))
				continue
			}
			recv := receiverName(d.Recv.List[0].Type)
			add(d.Pos(), d.End(), owner(d.Name.Name, recv), typePart(recv, svc))
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.ValueSpec:
					name := s.Names[0].Name
					switch {
					case name == "_":
						add(s.Pos(), s.End(), header, "names")
					case d.Tok == token.CONST:
						add(s.Pos(), s.End(), owner(name), "names")
					default:
						add(s.Pos(), s.End(), owner(name), "descriptors")
					}
				case *ast.TypeSpec:
					typ, part := s.Name.Name, typePart(s.Name.Name, svc)
					if it, ok := s.Type.(*ast.InterfaceType); ok {
						// A method per rpc: each to its rpc, the rest to the type's owner.
						for _, m := range it.Methods.List {
							if len(m.Names) > 0 {
								add(m.Pos(), m.End(), owner(m.Names[0].Name, typ), part)
							}
						}
					}
					add(s.Pos(), s.End(), owner(typ), part)
				}
			}
			// const ( and ): the names' frame.
			part := "names"
			if d.Tok != token.CONST {
				part = typePart("", svc)
			}
			if d.Tok == token.IMPORT {
				add(d.Pos(), d.End(), header, "names")
				continue
			}
			add(d.Pos(), d.End(), service, part)
		}
	}
	// The package clause.
	add(f.Package, f.Name.End(), header, "names")
	for l := range code {
		if !assigned[l] {
			return nil, fmt.Errorf("%s:%d: a line of code outside every declaration", path, l)
		}
	}
	return c, nil
}

// ownerOf is the rpc (of rpcs, longest names first) or service n is a
// declaration of, or "" when n names neither.
func ownerOf(n, svc string, rpcs []rpc) string {
	if n == "" {
		return ""
	}
	if svc != "" {
		for _, s := range []string{svc + "Client", "New" + svc + "Client", lowerFirst(svc) + "Client", svc + "Workflows", "Register" + svc + "Workflows",
			svc + "Activities", "Unimplemented" + svc + "Activities", "Register" + svc + "Activities", svc + "TaskQueue"} {
			if n == s {
				return service
			}
		}
	}
	for _, prefix := range []string{"Register", "Get", ""} {
		rest, ok := strings.CutPrefix(n, prefix)
		if !ok {
			continue
		}
		for _, r := range rpcs {
			if strings.HasPrefix(rest, r.name) || strings.HasPrefix(rest, lowerFirst(r.name)) {
				return r.name
			}
		}
	}
	return ""
}

// funcPart is the part a function without a receiver belongs to.
func funcPart(n, svc string) string {
	switch {
	case strings.HasSuffix(n, "WorkflowID") || strings.HasSuffix(n, "UpdateID") || strings.HasSuffix(n, "Defaults"):
		return "templates"
	case n == "New"+svc+"Client":
		return "client"
	case strings.HasPrefix(n, "Register"):
		return "worker"
	}
	return "workflow"
}

// typePart is the part a type, and the methods on it, belong to.
func typePart(typ, svc string) string {
	switch {
	case typ == svc+"Client" || typ == lowerFirst(svc)+"Client":
		return "client"
	case strings.HasSuffix(typ, "ChildRun"):
		return "workflow"
	case strings.HasSuffix(typ, "Run"):
		return "run"
	}
	return "worker"
}

func receiverName(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// codeLines are the numbers of src's lines that are neither blank nor a
// comment. Generated code has no block comments.
func codeLines(src []byte) map[int]bool {
	code := map[int]bool{}
	for i, l := range strings.Split(string(src), "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "//") {
			code[i+1] = true
		}
	}
	return code
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

func (c *counted) print(out io.Writer, path string) {
	rpcLines := c.total - sum(c.lines[header]) - sum(c.lines[service])
	fmt.Fprintf(out, "%s\n  %d lines of code for %d annotated rpcs: %.1f per rpc (%.1f in the rpcs' own declarations; %d in the header, %d service-wide)\n\n",
		path, c.total, len(c.rpcs), float64(c.total)/float64(len(c.rpcs)), float64(rpcLines)/float64(len(c.rpcs)), sum(c.lines[header]), sum(c.lines[service]))
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(w, "  rpc\tkind\t")
	for _, p := range parts {
		fmt.Fprintf(w, "%s\t", p)
	}
	fmt.Fprint(w, "total\t\n")
	totals := map[string]int{}
	row := func(name, kind string, byPart map[string]int) {
		fmt.Fprintf(w, "  %s\t%s\t", name, kind)
		for _, p := range parts {
			fmt.Fprintf(w, "%d\t", byPart[p])
			totals[p] += byPart[p]
		}
		fmt.Fprintf(w, "%d\t\n", sum(byPart))
	}
	for _, r := range c.rpcs {
		row(r.name, r.kind, c.lines[r.name])
	}
	row(service, "", c.lines[service])
	row(header, "", c.lines[header])
	fmt.Fprint(w, "  total\t\t")
	for _, p := range parts {
		fmt.Fprintf(w, "%d\t", totals[p])
	}
	fmt.Fprintf(w, "%d\t\n", c.total)
	_ = w.Flush()
	fmt.Fprintln(out)
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
