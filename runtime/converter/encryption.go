package converter

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"

	commonpb "go.temporal.io/api/common/v1"
	"google.golang.org/protobuf/proto"
)

// Metadata written by [NewAESGCMCodec]. They follow Temporal's encryption
// samples, so codec servers written from those samples read our payloads.
const (
	EncodingEncrypted       = "binary/encrypted"
	MetadataEncryptionKeyID = "encryption-key-id"
)

// AESGCMOptions configure [NewAESGCMCodec].
type AESGCMOptions struct {
	// KeyID names the key new payloads are encrypted with. It is stored,
	// unencrypted, in each payload's metadata.
	KeyID string
	// Keys maps key IDs to AES keys of 16, 24 or 32 bytes. Keep retired keys
	// here after a rotation so payloads written with them still decrypt.
	Keys map[string][]byte
}

// NewAESGCMCodec returns a codec that encrypts each payload, metadata
// included, with AES-GCM under a random nonce. To rotate keys, add the new
// key to Keys and make it the KeyID; payloads written under older keys keep
// decrypting as long as those keys stay in Keys.
func NewAESGCMCodec(opts AESGCMOptions) (PayloadCodec, error) {
	if opts.KeyID == "" {
		return nil, errors.New("converter: AESGCMOptions.KeyID is empty")
	}
	c := &aesGCMCodec{keyID: opts.KeyID, aeads: make(map[string]cipher.AEAD, len(opts.Keys))}
	for id, key := range opts.Keys {
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, fmt.Errorf("converter: AESGCMOptions.Keys[%q]: need 16, 24 or 32 bytes, got %d", id, len(key))
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("converter: AESGCMOptions.Keys[%q]: %w", id, err)
		}
		c.aeads[id] = aead
	}
	if _, ok := c.aeads[opts.KeyID]; !ok {
		return nil, fmt.Errorf("converter: AESGCMOptions.KeyID %q is not in Keys", opts.KeyID)
	}
	return c, nil
}

type aesGCMCodec struct {
	keyID string
	aeads map[string]cipher.AEAD
}

func (c *aesGCMCodec) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	aead := c.aeads[c.keyID]
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		plain, err := proto.Marshal(p)
		if err != nil {
			return nil, err
		}
		// Layout: nonce || ciphertext+tag.
		data := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
		if _, err := rand.Read(data); err != nil {
			return nil, fmt.Errorf("generating a nonce: %w", err)
		}
		data = aead.Seal(data, data, plain, nil)
		out[i] = &commonpb.Payload{
			Metadata: map[string][]byte{
				MetadataEncoding:        []byte(EncodingEncrypted),
				MetadataEncryptionKeyID: []byte(c.keyID),
			},
			Data: data,
		}
	}
	return out, nil
}

func (c *aesGCMCodec) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		meta := p.GetMetadata()
		if string(meta[MetadataEncoding]) != EncodingEncrypted {
			out[i] = p
			continue
		}
		id := string(meta[MetadataEncryptionKeyID])
		aead, ok := c.aeads[id]
		if !ok {
			return nil, fmt.Errorf("payload %d is encrypted with key %q, which this codec does not have (it has %s): add the key to AESGCMOptions.Keys",
				i, id, c.keyIDs())
		}
		data := p.GetData()
		if len(data) < aead.NonceSize()+aead.Overhead() {
			return nil, fmt.Errorf("payload %d: encrypted data is %d bytes, too short to hold a nonce and tag", i, len(data))
		}
		plain, err := aead.Open(nil, data[:aead.NonceSize()], data[aead.NonceSize():], nil)
		if err != nil {
			return nil, fmt.Errorf("payload %d: decrypting with key %q: %w (wrong key or tampered data)", i, id, err)
		}
		decoded := &commonpb.Payload{}
		if err := proto.Unmarshal(plain, decoded); err != nil {
			return nil, fmt.Errorf("payload %d: decrypted data is not a payload: %w", i, err)
		}
		out[i] = decoded
	}
	return out, nil
}

func (c *aesGCMCodec) keyIDs() string {
	ids := make([]string, 0, len(c.aeads))
	for id := range c.aeads {
		ids = append(ids, fmt.Sprintf("%q", id))
	}
	slices.Sort(ids)
	return strings.Join(ids, ", ")
}
