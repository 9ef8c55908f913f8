package main

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	"github.com/go-git/go-git/v5/plumbing/transport/server"
	"github.com/rogpeppe/go-internal/testscript"
)

// serveFileRemotes makes go-git answer file:// remotes itself, in
// process, so that pushes work where no git binary is installed.
func serveFileRemotes() {
	client.InstallProtocol("file", server.NewClient(server.DefaultLoader))
}

// gogitUsage lists what the gogit script command does.
const gogitUsage = `gogit init [DIR]          a repository with branch main
gogit bare DIR            a bare repository
gogit remote NAME URL     add a remote
gogit commit MESSAGE      stage everything and commit
gogit tag NAME            a lightweight tag on HEAD
gogit tags [DIR]          print the tags, one per line, or "no tags"
gogit log                 print HEAD's subjects, newest first
gogit status              print tracked files with changes, or "clean"`

// gogit is a script command that works on the git repository in the
// current directory through go-git, as a user would with git.
func gogit(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage:\n%s", gogitUsage)
	}
	err := runGogit(ts, args[0], args[1:])
	switch {
	case err != nil && !neg:
		ts.Fatalf("gogit %s: %v", args[0], err)
	case err == nil && neg:
		ts.Fatalf("gogit %s succeeded unexpectedly", args[0])
	}
}

func runGogit(ts *testscript.TestScript, verb string, args []string) error {
	dir := ts.MkAbs(".")
	if len(args) == 1 && (verb == "init" || verb == "bare" || verb == "tags") {
		dir = ts.MkAbs(args[0])
	}
	switch verb {
	case "init", "bare":
		_, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
			Bare: verb == "bare",
			InitOptions: git.InitOptions{
				DefaultBranch: plumbing.NewBranchReferenceName("main"),
			},
		})
		return err
	}

	repo, err := git.PlainOpen(dir)
	if err != nil {
		return err
	}
	switch {
	case verb == "remote" && len(args) == 2:
		_, err := repo.CreateRemote(&config.RemoteConfig{Name: args[0], URLs: args[1:]})
		return err
	case verb == "commit" && len(args) == 1:
		return commitAll(repo, args[0])
	case verb == "tag" && len(args) == 1:
		head, err := repo.Head()
		if err != nil {
			return err
		}
		_, err = repo.CreateTag(args[0], head.Hash(), nil)
		return err
	case verb == "tags":
		return printTags(ts, repo)
	case verb == "log":
		return printLog(ts, repo)
	case verb == "status":
		return printStatus(ts, repo)
	}
	return fmt.Errorf("unknown arguments; usage:\n%s", gogitUsage)
}

// commitTime spaces the commits of a script a minute apart, so that
// their order never rests on the clock's resolution.
var commitTime = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

func commitAll(repo *git.Repository, message string) error {
	wt, err := repo.Worktree()
	if err != nil {
		return err
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		return err
	}
	commitTime = commitTime.Add(time.Minute)
	sig := &object.Signature{Name: "Dev", Email: "dev@acme.example", When: commitTime}
	_, err = wt.Commit(message, &git.CommitOptions{Author: sig, Committer: sig})
	return err
}

func printTags(ts *testscript.TestScript, repo *git.Repository) error {
	iter, err := repo.Tags()
	if err != nil {
		return err
	}
	var names []string
	err = iter.ForEach(func(ref *plumbing.Reference) error {
		names = append(names, ref.Name().Short())
		return nil
	})
	printSorted(ts, names, "no tags")
	return err
}

// printSorted prints lines in order, or none when there are none:
// testscript keeps the last output of a command that prints nothing.
func printSorted(ts *testscript.TestScript, lines []string, none string) {
	slices.Sort(lines)
	if len(lines) == 0 {
		lines = []string{none}
	}
	for _, line := range lines {
		fmt.Fprintln(ts.Stdout(), line)
	}
}

func printLog(ts *testscript.TestScript, repo *git.Repository) error {
	iter, err := repo.Log(&git.LogOptions{})
	if err != nil {
		return err
	}
	return iter.ForEach(func(c *object.Commit) error {
		subject, _, _ := strings.Cut(c.Message, "\n")
		fmt.Fprintln(ts.Stdout(), subject)
		return nil
	})
}

func printStatus(ts *testscript.TestScript, repo *git.Repository) error {
	wt, err := repo.Worktree()
	if err != nil {
		return err
	}
	status, err := wt.Status()
	if err != nil {
		return err
	}
	var lines []string
	for file, s := range status {
		if s.Worktree != git.Untracked {
			lines = append(lines, fmt.Sprintf("%c%c %s", s.Staging, s.Worktree, file))
		}
	}
	printSorted(ts, lines, "clean")
	return nil
}

// subst is a script command that replaces $NAME and ${NAME} in each
// file with the variable's value in the script, as a user writing the
// file by hand would.
func subst(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: subst FILE...")
	}
	for _, name := range args {
		text := ts.ReadFile(name)
		expanded := os.Expand(text, ts.Getenv)
		if err := os.WriteFile(ts.MkAbs(name), []byte(expanded), 0o644); err != nil {
			ts.Fatalf("%v", err)
		}
	}
}
