package interop_test

import (
	"time"
)

// order is a plain Go struct, sent as json/plain by both SDKs.
type order struct {
	ID       string            `json:"id"`
	Customer string            `json:"customer"`
	Lines    []orderLine       `json:"lines"`
	Total    float64           `json:"total"`
	Placed   time.Time         `json:"placed"`
	Tags     map[string]string `json:"tags,omitempty"`
	Gift     bool              `json:"gift"`
}

type orderLine struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

func sampleOrder() order {
	return order{
		ID:       "o-1001",
		Customer: "customer-42",
		Lines:    []orderLine{{SKU: "tea-green-100g", Quantity: 2}, {SKU: "mug-blue", Quantity: 1}},
		Total:    31.5,
		Placed:   time.Date(2025, 3, 14, 15, 9, 26, 535897000, time.UTC),
		Tags:     map[string]string{"channel": "web", "promo": "SPRING25"},
		Gift:     true,
	}
}
