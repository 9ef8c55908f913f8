package magento

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"syscall"
)

// maxConfigSize bounds the configuration files Check reads. The largest
// acl.xml Magento ships is under 40 KiB; a file a hundred times that size
// is not configuration, and reading it whole would only cost memory.
const maxConfigSize = 4 << 20

// A Component is a Magento component read from its directory. Fields
// for files the component does not have are nil.
type Component struct {
	Dir  string // the component's directory, or the name of its archive
	FS   fs.FS  // the component's files
	Type ComponentType
	Name string // from registration.php, else from the descriptor file

	Registration *Registration
	ModuleXML    *ModuleXML
	ACL          *ACL
	API          []Integration // etc/integration/api.xml
	Config       []Integration // etc/integration/config.xml
	Integrations []Integration // etc/integration.xml
	WebAPI       []Route       // etc/webapi.xml
	Composer     *ComposerJSON
	Theme        *ThemeXML
	Language     *LanguageXML
}

// IsIntegration reports whether c declares an integration in any format.
func (c *Component) IsIntegration() bool {
	return c.API != nil || c.Config != nil || c.Integrations != nil
}

// load reads the component in dir, recording in r every file that
// cannot be read or parsed. Files that are missing are left nil for the
// checks to judge.
func load(r *Report, fsys fs.FS, dir string) *Component {
	c := &Component{Dir: dir, FS: fsys}
	var findings []Finding

	if data, ok := readConfig(r, fsys, "registration.php"); ok {
		regs, err := ParseRegistration(data)
		c.Registration = firstRegistration(r, regs, err)
	}
	if c.Registration != nil {
		c.Type, c.Name = c.Registration.Type, c.Registration.Name
	}

	if data, ok := readConfig(r, fsys, "etc/module.xml"); ok {
		c.ModuleXML, findings = ParseModuleXML(data)
		r.merge(findings)
	}
	if data, ok := readConfig(r, fsys, "theme.xml"); ok {
		c.Theme, findings = ParseThemeXML(data)
		r.merge(findings)
	}
	if data, ok := readConfig(r, fsys, "language.xml"); ok {
		c.Language, findings = ParseLanguageXML(data)
		r.merge(findings)
	}
	c.identify()

	if data, ok := readConfig(r, fsys, "etc/acl.xml"); ok {
		c.ACL, findings = ParseACL(data)
		r.merge(findings)
	}
	if data, ok := readConfig(r, fsys, apiXMLFile); ok {
		c.API, findings = ParseAPIXML(data)
		r.merge(findings)
	}
	if data, ok := readConfig(r, fsys, configXMLFile); ok {
		c.Config, findings = ParseConfigXML(data)
		r.merge(findings)
	}
	if data, ok := readConfig(r, fsys, integrationXMLFile); ok {
		c.Integrations, findings = ParseIntegrationXML(data)
		r.merge(findings)
	}
	if data, ok := readConfig(r, fsys, webapiXMLFile); ok {
		c.WebAPI, findings = ParseWebAPIXML(data)
		r.merge(findings)
	}
	if data, ok := readConfig(r, fsys, "composer.json"); ok {
		c.Composer, findings = ParseComposerJSON(data)
		r.merge(findings)
	}
	return c
}

// identify takes the type and name from the descriptor files when
// registration.php did not give them, so that the checks of those files
// still run.
func (c *Component) identify() {
	if c.Type != "" {
		return
	}
	switch {
	case c.ModuleXML != nil && len(c.ModuleXML.Modules) > 0:
		c.Type = TypeModule
		if c.Name == "" {
			c.Name = c.ModuleXML.Modules[0].Name
		}
	case c.Theme != nil:
		c.Type = TypeTheme
	case c.Language != nil:
		c.Type = TypeLanguage
	}
}

// merge records a parser's findings in r.
func (r *Report) merge(findings []Finding) {
	r.Findings = append(r.Findings, findings...)
}

// firstRegistration reports a registration.php that registers nothing
// or more than one component, and returns the registration to use.
func firstRegistration(r *Report, regs []Registration, err error) *Registration {
	const file = "registration.php"
	if err != nil {
		var se *SyntaxError
		pos := Position{}
		msg := err.Error()
		if errors.As(err, &se) {
			pos, msg = se.Pos, se.Msg
		}
		// The scanner's messages say how to fix what they report.
		r.Add(file, pos, ruleRegSyntax, "", "%s", msg)
		return nil
	}
	if len(regs) == 0 {
		return nil
	}
	for _, extra := range regs[1:] {
		r.Add(file, extra.Pos, ruleRegMultiple, "keep one register call per component directory",
			"a second component %q is registered here", extra.Name)
	}
	return &regs[0]
}

// readConfig reads the configuration file rel of the component in fsys.
// It reports false, recording why in r, when the file is missing or
// cannot be used: unreadable, not a regular file, too large, empty or
// binary. A missing file is not recorded: whether that matters is for
// the checks to say.
func readConfig(r *Report, fsys fs.FS, rel string) ([]byte, bool) {
	fi, err := fs.Stat(fsys, rel)
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		if target, lerr := fs.ReadLink(fsys, rel); lerr == nil {
			r.Add(rel, Position{}, ruleFileUnreadable, "point the symbolic link at a real file",
				"symbolic link to %q leads nowhere", target)
		}
		return nil, false
	case errors.Is(err, syscall.ELOOP):
		r.Add(rel, Position{}, ruleFileUnreadable, "point the symbolic link at a real file",
			"symbolic link loop")
		return nil, false
	case err != nil:
		r.Add(rel, Position{}, ruleFileUnreadable, "check the file's permissions",
			"cannot read: %v", unwrapPath(err))
		return nil, false
	case !fi.Mode().IsRegular():
		r.Add(rel, Position{}, ruleFileUnreadable, "replace it with a regular file",
			"is a %s, not a regular file", fileKind(fi.Mode()))
		return nil, false
	case fi.Size() > maxConfigSize:
		r.Add(rel, Position{}, ruleFileTooLarge, "check that this is the right file",
			"file is %d bytes; no Magento configuration file comes near %d", fi.Size(), maxConfigSize)
		return nil, false
	}

	data, err := readLimited(fsys, rel, maxConfigSize)
	if err != nil {
		r.Add(rel, Position{}, ruleFileUnreadable, "check the file's permissions",
			"cannot read: %v", unwrapPath(err))
		return nil, false
	}
	if len(bytes.TrimSpace(data)) == 0 {
		r.Add(rel, Position{}, ruleFileEmpty, "fill it in, or delete it if the component does not need it",
			"file is empty")
		return nil, false
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		r.Add(rel, newLineIndex(data).pos(i), ruleFileBinary,
			"replace it with the text file it should be",
			"file holds a NUL byte, so it is not text")
		return nil, false
	}
	return data, true
}

// readLimited reads at most limit bytes of the file name, so that a file
// that grows while it is read cannot exhaust memory.
func readLimited(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("file grew past %d bytes while being read", limit)
	}
	return data, nil
}

// unwrapPath drops the path from an *fs.PathError: the finding names the
// file already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "directory"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}
