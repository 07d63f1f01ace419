package replay

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	historypb "go.temporal.io/api/history/v1"
)

// historyExtensions are the file name endings LoadHistoryDir picks up,
// compared without regard to case.
var historyExtensions = []string{".json", ".bin"}

// NamedHistory is a history loaded by [LoadHistoryDir], with the name of the
// file it came from.
type NamedHistory struct {
	// Name is the file's base name, for example "order-timeout.json": a
	// ready name for a subtest.
	Name string
	// History is the file's history, validated.
	History *historypb.History
}

// LoadHistoryFile reads the history in the file at path and checks it with
// [ValidateHistory]. The format is detected from the content, not the
// extension, as [ReadHistory] describes. Errors name the file: a
// [*FormatError] or a [*CorruptHistoryError] with Source set to path.
func LoadHistoryFile(path string) (*historypb.History, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	}
	return decodeHistory(data, path)
}

// LoadHistoryDir loads every *.json and *.bin file directly in dir (not in
// subdirectories), sorted by name, with [LoadHistoryFile]. Other files are
// left alone, so fixtures can sit next to notes.
//
// Every file must load: the error joins one error per bad file, each naming
// it, and no histories are returned. A directory without history files is an
// error too, because a replay test that finds nothing to replay would pass
// without testing anything.
func LoadHistoryDir(dir string) ([]NamedHistory, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	}
	var histories []NamedHistory
	var errs []error
	for _, entry := range entries { // os.ReadDir sorts by name
		if entry.IsDir() || !slices.Contains(historyExtensions, strings.ToLower(filepath.Ext(entry.Name()))) {
			continue
		}
		h, err := LoadHistoryFile(filepath.Join(dir, entry.Name()))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		histories = append(histories, NamedHistory{Name: entry.Name(), History: h})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(histories) == 0 {
		return nil, fmt.Errorf("replay: no history files (*.json, *.bin) in %s", dir)
	}
	return histories, nil
}
