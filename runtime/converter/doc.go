// Package converter turns Go values into Temporal payloads and back.
//
// Every value that crosses the wire — workflow and activity inputs and
// results, signal, query and update arguments, memo entries, heartbeat
// details, failure details — travels as a temporal.api.common.v1.Payload: a
// byte slice plus metadata whose "encoding" key says how to read it. The
// encodings are the ones every official Temporal SDK uses, so payloads written
// here are read by Go, Java, TypeScript, Python and .NET workers, and the
// other way round:
//
//	binary/null      a nil value; no data
//	binary/plain     a []byte, as is
//	json/protobuf    a proto message in protobuf JSON, "messageType" naming it
//	binary/protobuf  a proto message in protobuf binary, "messageType" naming it
//	json/plain       anything else, as encoding/json writes it
//
// A [DataConverter] picks the first [PayloadConverter] that accepts a value
// when encoding, and the converter registered for the payload's encoding when
// decoding; [Default] returns the standard one. Proto messages encode as
// json/protobuf, which the Temporal UI and CLI show readably; [Options] can
// switch them to the smaller binary/protobuf. Decoding accepts every encoding
// above whatever the setting, so a fleet can switch gradually.
//
// A [PayloadCodec] transforms whole payloads after conversion and before
// decoding: compression ([NewZlibCodec]) or encryption ([NewAESGCMCodec]).
// [NewCodecDataConverter] wraps a DataConverter with a chain of codecs; the
// client and worker apply it to every payload they send or receive, except
// the details of errors, which by default skip the codecs as in the official
// Go SDK (see "Failures and codecs" in package temporal). Codecs are also what
// a codec server runs, so the Temporal UI can show encrypted data to people
// allowed to see it.
//
// A decoding failure is a [*DecodeError], which names the encoding and
// message type found and the Go type that was asked for.
package converter
