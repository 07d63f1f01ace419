package validate

import (
	"strings"

	"google.golang.org/protobuf/compiler/protogen"

	"github.com/workflowdef/workflowdef/internal/generator/model"
)

// packages checks, per generated Go package (the files of one Go import
// path), that Temporal names are unique per kind and that generated
// identifiers do not collide.
func (r *report) packages(req *model.Request) {
	var order []string
	byPkg := map[string][]*model.Service{}
	for _, f := range req.Files {
		pkg := string(f.GoImportPath())
		if _, ok := byPkg[pkg]; !ok {
			order = append(order, pkg)
		}
		byPkg[pkg] = append(byPkg[pkg], f.Services...)
	}
	for _, pkg := range order {
		r.temporalNames(byPkg[pkg])
		var declared []model.Declared
		if r.opts.SamePackage {
			declared = req.Declared[protogen.GoImportPath(pkg)]
		}
		r.identifiers(byPkg[pkg], declared)
	}
}

type named struct {
	rpc *model.RPC
	loc model.Location
}

// temporalNames reports two items of one kind registered under one name
// (aliases included).
func (r *report) temporalNames(services []*model.Service) {
	seen := map[string]named{} // kind + name -> first
	claim := func(rpc *model.RPC, name string, loc model.Location, what string) {
		sub := rpcSubject(rpc)
		if name == "" {
			r.add(loc, sub, "%s is empty; remove it or write a name", what)
			return
		}
		key := rpc.Kind.String() + "\x00" + name
		first, dup := seen[key]
		switch {
		case !dup:
			seen[key] = named{rpc, loc}
		case first.rpc == rpc:
			r.add(loc, sub, "%s %q repeats the %s's name or another alias; remove it", what, name, rpc.Kind)
		default:
			r.add(loc, sub, "%s %q is also the name of %s %s (%s); %s names are unique in a Go package: set name on one of them", what, name, rpc.Kind, first.rpc.FullName, first.loc, rpc.Kind)
		}
	}
	for _, s := range services {
		for _, rpc := range s.RPCs {
			kind := rpc.Kind.String()
			name, loc := rpc.Name()
			claim(rpc, name, loc, kind+" name")
			var aliases []string
			var locs []model.Location
			switch {
			case rpc.Workflow != nil:
				aliases, locs = rpc.Workflow.Aliases, rpc.Workflow.AliasLocs
			case rpc.Activity != nil:
				aliases, locs = rpc.Activity.Aliases, rpc.Activity.AliasLocs
			}
			for i, a := range aliases {
				claim(rpc, a, locs[i], kind+" alias")
			}
		}
	}
}

// identifiers reports two generated identifiers of one scope with one name,
// and a package-level one that protoc-gen-go already declares (declared is
// empty unless code goes into the messages' package).
func (r *report) identifiers(services []*model.Service, declared []model.Declared) {
	byProtocGenGo := map[string]model.Declared{}
	for _, d := range declared {
		if _, dup := byProtocGenGo[d.Name]; !dup {
			byProtocGenGo[d.Name] = d
		}
	}
	seen := map[[2]string]model.Identifier{}
	reported := map[[2]string]bool{} // owner pairs: one error names the clash
	for _, s := range services {
		for _, id := range s.Identifiers() {
			sub := serviceSubject(id.Service)
			if id.RPC != nil {
				sub = rpcSubject(id.RPC)
			}
			where := "package-level identifier " + id.Name
			switch {
			case id.Field:
				where = "field " + id.Scope + "." + id.Name
			case id.Scope != model.PackageScope:
				where = "method " + id.Scope + "." + id.Name
			}
			if d, taken := byProtocGenGo[id.Name]; taken && id.Scope == model.PackageScope {
				if pair := [2]string{d.What, id.Owner}; !reported[pair] {
					reported[pair] = true
					r.add(id.Loc, sub, "generated %s for %s collides with %s (%s), which protoc-gen-go declares in the same Go package since package_suffix is empty; rename one of them, or generate into a sub-package by leaving package_suffix at its default", where, id.Owner, d.What, d.Loc)
				}
				continue
			}
			key := [2]string{id.Scope, id.Name}
			first, dup := seen[key]
			if !dup {
				seen[key] = id
				continue
			}
			pair := [2]string{first.Owner, id.Owner}
			if first.Owner == id.Owner || reported[pair] { // the same owner: a ref listed twice, reported as such
				continue
			}
			reported[pair] = true
			r.add(id.Loc, sub, "generated %s for %s collides with the one for %s (%s); %s", where, id.Owner, first.Owner, first.Loc, rename(id, first))
		}
	}
}

// rename advises how to part two generated identifiers of one name: rename
// what either name is built from. A fixed name, such as a method of the
// runtime's run, cannot be renamed, and renaming a service renames none of
// its rpcs' identifiers.
func rename(a, b model.Identifier) string {
	var advice string
	switch {
	case a.From == "" || a.From == b.From:
		advice = "rename " + b.From
	case b.From == "":
		advice = "rename " + a.From
	default:
		advice = "rename " + a.From + " or " + b.From
	}
	if strings.Contains(advice, "rpc ") {
		// An rpc's Temporal name defaults to its full name, which running
		// workflows and other SDKs' callers use.
		advice += " (with name: set to its current Temporal name in its option, so that running workflows and callers are not affected)"
	}
	return advice
}
