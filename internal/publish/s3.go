package publish

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config locates an S3-compatible bucket and says how to sign requests.
type S3Config struct {
	Endpoint  string // host[:port]; "" means s3.amazonaws.com
	Region    string
	AccessKey string
	SecretKey string
	PathStyle bool
	Insecure  bool // plain http to the endpoint
}

// lockName is the lock object, relative to the repository's prefix.
const lockName = ".modpack.lock"

// The S3 lock's timing.
const (
	s3LockPoll  = 250 * time.Millisecond // how often a waiter retries
	s3LockStale = 10 * time.Minute       // when a waiter gives up
)

// OpenS3 opens the repository at s3://bucket/prefix. baseURL is where
// the bucket prefix is served over HTTP for Composer (required: S3
// itself is not a Composer URL). OpenS3 checks that the bucket exists;
// publishing creates the files under the prefix.
//
// Publishers lock the repository by creating the object .modpack.lock
// under the prefix with If-None-Match: *, which fails while another
// publisher holds it, and remove it when done. A publisher that died
// leaves it behind: waiters give up once it is 10 minutes old, with an
// error naming it, for a person to check and delete.
func OpenS3(ctx context.Context, rawURL, baseURL string, cfg S3Config) (*Repo, error) {
	// Locate the bucket and prefix.
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "s3" || u.Host == "" || u.User != nil {
		return nil, fmt.Errorf("repository %q is not an s3://bucket/prefix URL", rawURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("repository %q has a query or fragment", rawURL)
	}
	s := &s3Store{
		bucket: u.Host,
		prefix: strings.Trim(path.Clean("/"+u.Path), "/"),
		stale:  s3LockStale,
	}

	// Composer reads the repository over HTTP, not S3.
	if baseURL == "" {
		return nil, fmt.Errorf("repository %q needs a base URL: "+
			"where its files are served over HTTP", rawURL)
	}
	base, err := parseBase(baseURL)
	if err != nil {
		return nil, err
	}

	// Connect, and check the bucket, which publishing never creates.
	s.c, err = newS3Client(cfg)
	if err != nil {
		return nil, err
	}
	ok, err := s.c.BucketExists(ctx, s.bucket)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", rawURL, err)
	}
	if !ok {
		return nil, fmt.Errorf("open %s: bucket %q does not exist", rawURL, s.bucket)
	}
	return &Repo{st: s, base: base}, nil
}

// newS3Client returns a client for the endpoint of cfg.
func newS3Client(cfg S3Config) (*minio.Client, error) {
	endpoint := cfg.Endpoint
	if endpoint == "" {
		endpoint = "s3.amazonaws.com"
	}
	lookup := minio.BucketLookupAuto
	if cfg.PathStyle {
		lookup = minio.BucketLookupPath
	}
	c, err := minio.New(endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:       !cfg.Insecure,
		Region:       cfg.Region,
		BucketLookup: lookup,
	})
	if err != nil {
		return nil, fmt.Errorf("S3 endpoint %q: %w", endpoint, err)
	}
	return c, nil
}

// An s3Store is a store under a prefix of an S3 bucket.
type s3Store struct {
	c      *minio.Client
	bucket string
	prefix string // no leading or trailing slash; "" for the whole bucket
	stale  time.Duration
}

// key returns the object key of rel.
func (s *s3Store) key(rel string) string {
	if s.prefix == "" {
		return rel
	}
	return s.prefix + "/" + rel
}

func (s *s3Store) name(rel string) string {
	return "s3://" + s.bucket + "/" + s.key(rel)
}

func (s *s3Store) create(context.Context) error { return nil }

// lock creates the lock object, holding a token of its own, only if
// there is none. A refused creation may still be its own, retried by
// the client after a lost response, so it reads the lock to tell.
func (s *s3Store) lock(ctx context.Context) (func(), error) {
	host, _ := os.Hostname()
	token := fmt.Sprintf("%s pid %d %s\n", host, os.Getpid(), rand.Text())
	for {
		opts := putOptions("text/plain")
		opts.SetMatchETagExcept("*")
		_, err := s.c.PutObject(ctx, s.bucket, s.key(lockName),
			strings.NewReader(token), int64(len(token)), opts)
		if err == nil {
			return s.unlock, nil
		}
		if !isConflict(err) {
			return nil, fmt.Errorf("lock %s: %w", s.name(lockName), err)
		}

		// Someone holds the lock: wait, unless they have held it too
		// long to be alive.
		holder, since, err := s.readLock(ctx)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue // released meanwhile
		case err != nil:
			return nil, err
		case holder == token:
			return s.unlock, nil
		case time.Since(since) > s.stale:
			return nil, fmt.Errorf("lock %s is held by %s since %s, over %s; "+
				"if no publisher is running, delete it",
				s.name(lockName), strings.TrimSpace(holder),
				since.Format(time.RFC3339), s.stale)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(s3LockPoll):
		}
	}
}

// readLock returns the lock object's contents and when it was created.
func (s *s3Store) readLock(ctx context.Context) (string, time.Time, error) {
	obj, err := s.c.GetObject(ctx, s.bucket, s.key(lockName), minio.GetObjectOptions{})
	if err != nil {
		return "", time.Time{}, s.readError(lockName, err)
	}
	defer obj.Close()
	info, err := obj.Stat()
	if err != nil {
		return "", time.Time{}, s.readError(lockName, err)
	}
	data, err := io.ReadAll(obj)
	if err != nil {
		return "", time.Time{}, s.readError(lockName, err)
	}
	return string(data), info.LastModified, nil
}

// unlock removes the lock object even when the publish was cancelled.
// A lock it fails to remove goes stale, and its error then names it.
func (s *s3Store) unlock() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s.c.RemoveObject(ctx, s.bucket, s.key(lockName), minio.RemoveObjectOptions{})
}

// isConflict reports whether err is a refused conditional write.
func isConflict(err error) bool {
	resp := minio.ToErrorResponse(err)
	return resp.StatusCode == http.StatusPreconditionFailed ||
		resp.StatusCode == http.StatusConflict ||
		resp.Code == minio.PreconditionFailed
}

func (s *s3Store) read(ctx context.Context, rel string) ([]byte, error) {
	obj, err := s.c.GetObject(ctx, s.bucket, s.key(rel), minio.GetObjectOptions{})
	if err != nil {
		return nil, s.readError(rel, err)
	}
	defer obj.Close()
	data, err := io.ReadAll(obj)
	if err != nil {
		return nil, s.readError(rel, err)
	}
	return data, nil
}

// readError names the object rel in err, which is fs.ErrNotExist for
// a missing one.
func (s *s3Store) readError(rel string, err error) error {
	if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
		err = fs.ErrNotExist
	}
	return &fs.PathError{Op: "read", Path: s.name(rel), Err: err}
}

func (s *s3Store) exists(ctx context.Context, rel string) (bool, error) {
	_, err := s.c.StatObject(ctx, s.bucket, s.key(rel), minio.StatObjectOptions{})
	if err == nil {
		return true, nil
	}
	err = s.readError(rel, err)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return false, err
}

// write puts the object in one request, which S3 applies whole and
// durably before it answers.
func (s *s3Store) write(ctx context.Context, rel string, data []byte) error {
	opts := putOptions("application/json")
	if strings.HasSuffix(rel, ".zip") {
		opts.ContentType = "application/zip"
	}
	_, err := s.c.PutObject(ctx, s.bucket, s.key(rel),
		bytes.NewReader(data), int64(len(data)), opts)
	if err != nil {
		return fmt.Errorf("write %s: %w", s.name(rel), err)
	}
	return nil
}

// putOptions returns the options of a single-request upload of a body
// of contentType. Over plain http, minio-go otherwise signs the body in
// aws-chunked encoding, which some servers then keep as the object's
// Content-Encoding, and which no HTTP client can decode; an MD5 sum
// protects the body instead.
func putOptions(contentType string) minio.PutObjectOptions {
	return minio.PutObjectOptions{
		ContentType:          contentType,
		DisableContentSha256: true,
		SendContentMd5:       true,
	}
}

func (s *s3Store) remove(ctx context.Context, rel string) error {
	err := s.c.RemoveObject(ctx, s.bucket, s.key(rel), minio.RemoveObjectOptions{})
	if err != nil {
		return fmt.Errorf("remove %s: %w", s.name(rel), err)
	}
	return nil
}

func (s *s3Store) list(ctx context.Context, rel string) ([]string, error) {
	opts := minio.ListObjectsOptions{Prefix: s.key(rel) + "/", Recursive: true}
	var files []string
	for obj := range s.c.ListObjects(ctx, s.bucket, opts) {
		if obj.Err != nil {
			return nil, fmt.Errorf("list %s: %w", s.name(rel), obj.Err)
		}
		files = append(files, strings.TrimPrefix(obj.Key, s.key("")))
	}
	return files, nil
}
