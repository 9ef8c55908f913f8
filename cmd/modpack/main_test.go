package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestExitCode(t *testing.T) {
	tests := []struct {
		err    error
		want   int
		stderr string
	}{
		{nil, 0, ""},
		{fmt.Errorf("check: %w", context.Canceled), 130, "modpack: interrupted\n"},
		{usagef("bad flag"), 2, "modpack: bad flag\nRun 'modpack --help' for usage.\n"},
		{errors.New(`unknown command "x" for "modpack"`), 2,
			"modpack: unknown command \"x\" for \"modpack\"\nRun 'modpack --help' for usage.\n"},
		{errReported, 1, ""},
		{errors.New("disk full"), 1, "modpack: disk full\n"},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		if got := exitCode(tt.err, &stderr); got != tt.want || stderr.String() != tt.stderr {
			t.Errorf("exitCode(%v) = %d, %q; want %d, %q", tt.err, got, stderr.String(), tt.want, tt.stderr)
		}
	}
}
