//go:build !unix

package publish

import (
	"context"
	"errors"
	"os"
)

// lock fails: without flock, concurrent publishers could lose each
// other's versions, so publishing is refused rather than unsafe.
func lock(context.Context, string) (*os.File, error) {
	return nil, errors.New("publishing to a directory needs flock, " +
		"which this system lacks; publish from Linux or macOS")
}
