package main

import (
	"strings"
	"testing"
)

func TestDemoReplaysTheOfficialHistoryAndCatchesTheChange(t *testing.T) {
	var out strings.Builder
	if err := run(&out, "../../replay/testdata/regression/wait-cancel.json"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"WaitCancel as written: replays", "does not replay", "ActivityTaskScheduled"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestDemoNamesAMissingHistory(t *testing.T) {
	err := run(&strings.Builder{}, "no-such-history.json")
	if err == nil || !strings.Contains(err.Error(), "no-such-history.json") {
		t.Errorf("error %v, want one naming the file", err)
	}
}
