package converter_test

import (
	"fmt"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/workflowdef/workflowdef/runtime/converter"
)

func ExampleDefault() {
	dc := converter.Default()
	p, err := dc.ToPayload(map[string]int{"apples": 3})
	if err != nil {
		panic(err)
	}
	fmt.Println(string(p.Metadata[converter.MetadataEncoding]), string(p.Data))

	counts, err := converter.Decode[map[string]int](dc, p)
	if err != nil {
		panic(err)
	}
	fmt.Println(counts["apples"])
	// Output:
	// json/plain {"apples":3}
	// 3
}

func ExampleNewCodecDataConverter() {
	encrypt, err := converter.NewAESGCMCodec(converter.AESGCMOptions{
		KeyID: "2026-11",
		Keys:  map[string][]byte{"2026-11": []byte("0123456789abcdef0123456789abcdef")},
	})
	if err != nil {
		panic(err)
	}
	// Compress, then encrypt: the first codec is the outermost.
	dc := converter.NewCodecDataConverter(converter.Default(), encrypt, converter.NewZlibCodec(converter.ZlibOptions{}))

	p, err := dc.ToPayload(&commonpb.WorkflowExecution{WorkflowId: "order-1001"})
	if err != nil {
		panic(err)
	}
	fmt.Println(string(p.Metadata[converter.MetadataEncoding]), string(p.Metadata[converter.MetadataEncryptionKeyID]))

	exec, err := converter.Decode[*commonpb.WorkflowExecution](dc, p)
	if err != nil {
		panic(err)
	}
	fmt.Println(exec.GetWorkflowId())
	// Output:
	// binary/encrypted 2026-11
	// order-1001
}
