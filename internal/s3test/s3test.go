// Package s3test runs a versitygw S3 server for tests, on the loopback
// interface over a new directory, with a client to set it up.
package s3test

import (
	"fmt"
	"go/build"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// A Gateway is a versitygw S3 server on the loopback interface. It
// speaks plain HTTP and wants path-style bucket URLs.
type Gateway struct {
	Addr      string // host:port
	AccessKey string
	SecretKey string
	Region    string
	Client    *minio.Client
}

// Start starts versitygw over a new directory, and stops it when the
// test ends. Without versitygw, the test fails in CI (the environment
// variable CI is set) and is skipped elsewhere.
func Start(t testing.TB) *Gateway {
	t.Helper()
	bin, err := exec.LookPath("versitygw")
	if err != nil {
		bin = filepath.Join(build.Default.GOPATH, "bin", "versitygw")
	}
	if _, err := os.Stat(bin); err != nil {
		const msg = "versitygw is missing; go install " +
			"github.com/versity/versitygw/cmd/versitygw@v1.8.0"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}

	// Take a free port, then let the gateway have it.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	g := &Gateway{
		Addr:      l.Addr().String(),
		AccessKey: "modpacktest",
		SecretKey: "modpacktestsecret",
		Region:    "us-east-1",
	}
	l.Close()

	cmd := exec.Command(bin, "--access", g.AccessKey, "--secret", g.SecretKey,
		"--port", g.Addr, "--quiet", "posix", t.TempDir())
	log, err := os.Create(filepath.Join(t.TempDir(), "versitygw.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
		log.Close()
	})

	// Wait until it accepts connections.
	for deadline := time.Now().Add(10 * time.Second); ; {
		conn, err := net.Dial("tcp", g.Addr)
		if err == nil {
			conn.Close()
			break
		}
		select {
		case <-exited:
			out, _ := os.ReadFile(log.Name())
			t.Fatalf("versitygw exited:\n%s", out)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("versitygw does not listen on %s", g.Addr)
		}
	}

	g.Client, err = minio.New(g.Addr, &minio.Options{
		Creds:        credentials.NewStaticV4(g.AccessKey, g.SecretKey, ""),
		Region:       g.Region,
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// Bucket creates the bucket name, makes its objects under prefix
// readable by anyone, and returns the URL that serves the prefix over
// HTTP without credentials.
func (g *Gateway) Bucket(t testing.TB, name, prefix string) string {
	t.Helper()
	err := g.Client.MakeBucket(t.Context(), name, minio.MakeBucketOptions{})
	if err != nil {
		t.Fatal(err)
	}

	policy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",`+
		`"Principal":"*","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::%s/%s/*"]}]}`,
		name, prefix)
	if err := g.Client.SetBucketPolicy(t.Context(), name, policy); err != nil {
		t.Fatal(err)
	}
	return "http://" + g.Addr + "/" + name + "/" + prefix
}

// Keys returns the object keys in the bucket, sorted.
func (g *Gateway) Keys(t testing.TB, bucket string) []string {
	t.Helper()
	var keys []string
	opts := minio.ListObjectsOptions{Recursive: true}
	for obj := range g.Client.ListObjects(t.Context(), bucket, opts) {
		if obj.Err != nil {
			t.Fatal(obj.Err)
		}
		keys = append(keys, obj.Key)
	}
	slices.Sort(keys)
	return keys
}
