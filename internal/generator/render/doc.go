// Package render is the last stage of protoc-gen-go-temporal: it turns a
// validated [model.File] into Go source with github.com/dave/jennifer.
//
// Generated code is declarations plus one-line bodies: every behaviour
// (merging options, encoding, handles, registration) lives in the runtime's
// generic types (client.WorkflowDef, workflow.ActivityDef, ...), and the
// generated code only fills them with the annotation's names and defaults
// and gives them typed, named methods. What the runtime cannot know is
// rendered here: the annotation's defaults as Go literals, and templates
// compiled to getter chains that report the field a template needed and
// found empty.
//
// The renderer trusts its input: validation has rejected every model it
// could not render. Output is deterministic: the model's order, and
// jennifer's sorted composite literals.
package render
