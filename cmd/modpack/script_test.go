package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"modpack": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the command-line scripts in testdata/script. $SAMPLE
// is the sample integration module that the README's quick start uses.
func TestScript(t *testing.T) {
	sample, err := filepath.Abs("../../testdata/sample/order-export")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "../../testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SAMPLE", sample)
			env.Setenv("NO_COLOR", "")
			return nil
		},
	})
}
