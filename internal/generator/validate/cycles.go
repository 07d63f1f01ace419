package validate

import (
	"strings"

	"google.golang.org/protobuf/compiler/protogen"

	"github.com/workflowdef/workflowdef/internal/generator/model"
)

// refCycles reports a ref to a handler of another Go package that would
// make the generated packages import each other, which Go refuses: the
// refs of two packages' workflows to each other's handlers, or, with
// package_suffix empty, a ref against the direction of the proto imports.
func (r *report) refCycles(req *model.Request) {
	type edge struct {
		from, to protogen.GoImportPath
	}
	type refEdge struct {
		edge
		w   *model.Workflow
		ref *model.Ref
	}
	var refs []refEdge
	graph := map[protogen.GoImportPath][]protogen.GoImportPath{}
	for _, f := range req.Files {
		for _, s := range f.Services {
			for _, w := range s.Workflows {
				for _, ref := range workflowRefs(w) {
					if len(ref.Targets) != 1 || ref.Targets[0].RPC == nil {
						continue // reported by refs
					}
					to := ref.Targets[0].RPC.Service.File.GoImportPath()
					if to == f.GoImportPath() {
						continue
					}
					refs = append(refs, refEdge{edge{f.GoImportPath(), to}, w, ref})
					graph[f.GoImportPath()] = append(graph[f.GoImportPath()], to)
				}
			}
		}
	}
	if r.opts.SamePackage {
		for from, tos := range req.Imports {
			graph[from] = append(graph[from], tos...)
		}
	}
	reported := map[edge]bool{}
	for _, e := range refs {
		if reported[e.edge] {
			continue
		}
		back := path(graph, e.to, e.from)
		if back == nil {
			continue
		}
		reported[e.edge] = true
		chain := make([]string, len(back))
		for i, p := range back {
			chain[i] = string(p)
		}
		r.add(e.ref.Loc, rpcSubject(e.w.RPC), "ref %q makes the generated code of %s import that of %s, which imports it back (%s); Go refuses the cycle: declare the handler where both packages can reach it without importing each other",
			e.ref.Text, string(e.from), string(e.to), strings.Join(chain, " → "))
	}
}

// workflowRefs lists the refs of w's signals, queries and updates.
func workflowRefs(w *model.Workflow) []*model.Ref {
	var refs []*model.Ref
	for i := range w.Signals {
		refs = append(refs, &w.Signals[i].Ref)
	}
	for i := range w.Queries {
		refs = append(refs, &w.Queries[i].Ref)
	}
	for i := range w.Updates {
		refs = append(refs, &w.Updates[i].Ref)
	}
	return refs
}

// path returns a path from one package to another in graph, both ends
// included, or nil.
func path(graph map[protogen.GoImportPath][]protogen.GoImportPath, from, to protogen.GoImportPath) []protogen.GoImportPath {
	prev := map[protogen.GoImportPath]protogen.GoImportPath{from: ""}
	queue := []protogen.GoImportPath{from}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if n == to {
			var out []protogen.GoImportPath
			for ; n != ""; n = prev[n] {
				out = append([]protogen.GoImportPath{n}, out...)
			}
			return out
		}
		for _, next := range graph[n] {
			if _, seen := prev[next]; !seen {
				prev[next] = n
				queue = append(queue, next)
			}
		}
	}
	return nil
}
