package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/modpack/modpack/internal/composertest"
	"github.com/modpack/modpack/internal/s3test"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"modpack": func() {
			serveFileRemotes()
			os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
		},
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
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"gogit": gogit,
			"subst": subst,
		},
	})
}

// TestReleaseScript runs the release scripts in testdata/script/release,
// end to end: git repositories made with go-git, a real S3 server, and
// the real composer client installing what was released.
//
// Each script gets a bucket of its own, $S3_BUCKET, served without
// credentials at $S3_BASE_URL. The server is found through
// AWS_ENDPOINT_URL; its keys are in $S3_KEY_ID and $S3_SECRET, for
// .modpack.yml to name. Composer runs with a home of its own.
func TestReleaseScript(t *testing.T) {
	composertest.Need(t)
	gw := s3test.Start(t)
	notBucketChar := regexp.MustCompile(`[^a-z0-9-]+`)

	testscript.Run(t, testscript.Params{
		Dir: "../../testdata/script/release",
		Setup: func(env *testscript.Env) error {
			name := strings.ToLower(filepath.Base(env.WorkDir))
			bucket := strings.Trim(notBucketChar.ReplaceAllString(name, "-"), "-")
			env.Setenv("S3_BUCKET", bucket)
			env.Setenv("S3_BASE_URL", gw.Bucket(t, bucket, "composer"))
			env.Setenv("S3_KEY_ID", gw.AccessKey)
			env.Setenv("S3_SECRET", gw.SecretKey)
			env.Setenv("AWS_ENDPOINT_URL", "http://"+gw.Addr)
			env.Setenv("AWS_REGION", gw.Region)

			home := filepath.Join(env.WorkDir, ".composer")
			env.Setenv("COMPOSER_HOME", home)
			env.Setenv("COMPOSER_CACHE_DIR", filepath.Join(home, "cache"))
			env.Setenv("COMPOSER_ALLOW_SUPERUSER", "1")
			env.Setenv("COMPOSER_NO_AUDIT", "1")
			env.Setenv("COMPOSER_NO_INTERACTION", "1")
			env.Setenv("NO_COLOR", "")
			return nil
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"gogit": gogit,
			"subst": subst,
		},
	})
}
