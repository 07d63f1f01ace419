// Package template parses the templates of workflow IDs, update IDs,
// fairness keys, search attribute values and memo values, and resolves their
// paths against the request message.
//
// The grammar, from the options schema's comments:
//
//	template = { text | "{{" | "}}" | "{" path "}" | "{$uuid}" }
//	path     = field { "." field }
//
// `{{` and `}}` stand for literal braces; text is copied as is. A path names
// proto fields as written in the .proto file. Every segment but the last is a
// singular message field; editions' DELIMITED message fields count as
// messages. The last is a singular scalar: string, an integer type, bool or
// an enum. A template that is one `{path}` and nothing else (a lone path) may
// also end at a repeated string, a google.protobuf.Timestamp or any message;
// whether its context accepts that (a KEYWORD_LIST or DATETIME search
// attribute, a memo value) is for validation to say, from [Path.End].
//
// Errors are [*Error] values naming the template and the 1-based column in it.
package template
