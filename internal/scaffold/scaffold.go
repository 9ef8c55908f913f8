// Package scaffold writes new Magento modules and integrations: the
// files the Magento developer documentation prescribes, filled in so
// that the result passes modpack validate with no finding.
//
// An integration's resources are written with every ancestor, in the
// order of Magento's resource tree, so the parent rule of the legacy
// api.xml holds by construction. A legacy integration also gets the
// data patch that creates it on setup:upgrade.
package scaffold

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing/fstest"

	"github.com/modpack/modpack/composer"
	"github.com/modpack/modpack/internal/atomic"
	"github.com/modpack/modpack/magento"
)

// Options describes the module to write.
type Options struct {
	Module      string   // Vendor_Module
	Sequence    []string // modules to load after, besides those implied
	Description string   // "" gives one made from the module name
	License     string   // "" means "proprietary"
	Catalog     *composer.Catalog
	ACL         *magento.ACLTree // the tree resources are resolved against

	// Integration, when set, makes the module an integration.
	Integration *Integration
}

// An Integration is the integration a module declares.
type Integration struct {
	Name         string // "" gives the module name with a space
	Email        string
	EndpointURL  string
	IdentityURL  string
	Resources    []string // ACL ids; their ancestors are added
	Consolidated bool     // etc/integration.xml instead of api.xml and config.xml
}

// The files a new module has, by slash-separated path.
const (
	registrationFile = "registration.php"
	moduleXMLFile    = "etc/module.xml"
	composerFile     = "composer.json"
	readmeFile       = "README.md"
	apiXMLFile       = "etc/integration/api.xml"
	configXMLFile    = "etc/integration/config.xml"
	consolidatedFile = "etc/integration.xml"
	patchFile        = "Setup/Patch/Data/RegisterIntegration.php"
)

// Files returns the files of the module opts describes, by path. It
// fails when the module would not pass validation, with every error
// validation reports, so that nothing broken is ever written.
func Files(opts Options) (map[string][]byte, error) {
	vendor, module, _ := strings.Cut(opts.Module, "_")
	if !magento.IsModuleName(opts.Module) {
		return nil, fmt.Errorf("module name %q does not have the form Vendor_Module: "+
			"two capitalized words of letters and digits joined by one underscore", opts.Module)
	}
	tree := opts.ACL
	if tree == nil {
		tree = magento.MagentoACL()
	}

	files := map[string][]byte{
		registrationFile: registrationPHP(opts.Module),
	}
	sequence := slices.Clone(opts.Sequence)
	description := opts.Description

	if in := opts.Integration; in != nil {
		resources, err := resolve(tree, in.Resources)
		if err != nil {
			return nil, err
		}
		name := in.Name
		if name == "" {
			name = vendor + " " + module
		}
		if description == "" {
			description = fmt.Sprintf("%s: the %s integration for Magento 2.", opts.Module, name)
		}
		sequence = append(sequence, "Magento_Integration")
		sequence = append(sequence, owners(tree, resources, opts.Module)...)

		if in.Consolidated {
			files[consolidatedFile] = integrationXML(name, in, resources)
		} else {
			files[apiXMLFile] = apiXML(name, resources)
			files[configXMLFile] = configXML(name, in)
			files[patchFile] = dataPatch(vendor, module, name)
		}
	}
	if description == "" {
		description = fmt.Sprintf("%s, a Magento 2 module.", opts.Module)
	}
	files[moduleXMLFile] = moduleXML(opts.Module, dedupe(sequence))
	files[readmeFile] = readme(opts.Module, description)

	// composer.json comes from the other files, as modpack composer init
	// writes it.
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	c := magento.CheckFS(fsys, opts.Module, magento.Options{ACL: tree}).Component
	doc, gaps, err := composer.Generate(c, composer.Options{
		Description: description,
		License:     opts.License,
		Catalog:     opts.Catalog,
	})
	if err != nil {
		return nil, err
	}
	if len(gaps) > 0 {
		return nil, fmt.Errorf("no Composer package is known for %s; "+
			"pass --magento-root with an installation that has it", gaps[0])
	}
	files[composerFile] = composer.Encode(doc)
	fsys[composerFile] = &fstest.MapFile{Data: files[composerFile], Mode: 0o644}

	// What validation would reject is refused here, before any write.
	rep := magento.CheckFS(fsys, opts.Module, magento.Options{ACL: tree})
	var problems []string
	for _, f := range rep.Findings {
		if f.Severity == magento.Error {
			problems = append(problems, f.String())
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("the module would not validate:\n\t%s", strings.Join(problems, "\n\t"))
	}
	return files, nil
}

// resolve returns ids with their ancestors in tree order. Unknown ids
// are an error naming the closest known ones.
func resolve(tree *magento.ACLTree, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, errors.New("an integration needs at least one --resource or --route: " +
			"without resources it can call nothing")
	}
	all, unknown := magento.WithAncestors(tree, ids)
	if len(unknown) > 0 {
		return nil, tree.UnknownError(unknown)
	}
	return all, nil
}

// owners returns the modules that declare resources, other than module
// itself and the admin, sorted: the module must load after them, or
// Magento drops their resources.
func owners(tree *magento.ACLTree, resources []string, module string) []string {
	seen := map[string]bool{}
	for _, id := range resources {
		r, _ := tree.Lookup(id)
		if r.Module != "" && r.Module != module && r.Module != "Magento_Backend" {
			seen[r.Module] = true
		}
	}
	out := make([]string, 0, len(seen))
	for m := range seen {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

func dedupe(list []string) []string {
	var out []string
	for _, s := range list {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Write writes files under dir. It refuses, writing nothing, when any
// of them exists, unless force is set. Each file is written whole or
// not at all; when one write fails, the files written before it are
// removed again.
func Write(dir string, files map[string][]byte, force bool) ([]string, error) {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)

	if !force {
		var existing []string
		for _, name := range names {
			if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name))); err == nil {
				existing = append(existing, filepath.Join(dir, filepath.FromSlash(name)))
			}
		}
		if len(existing) > 0 {
			return nil, fmt.Errorf("%s already exists; pass --force to replace it",
				strings.Join(existing, ", "))
		}
	}

	var written []string
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		created := false
		if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
			created = true
		}
		err := os.MkdirAll(filepath.Dir(path), 0o755)
		if err == nil {
			err = atomic.WriteFile(path, files[name], 0o644)
		}
		if err != nil {
			for _, w := range written {
				os.Remove(w) // best effort: the error below is what matters
			}
			return nil, err
		}
		if created {
			written = append(written, path)
		}
	}
	return names, nil
}

func registrationPHP(module string) []byte {
	return []byte(`<?php
/**
 * Registers ` + module + ` with Magento.
 */
declare(strict_types=1);

use Magento\Framework\Component\ComponentRegistrar;

ComponentRegistrar::register(ComponentRegistrar::MODULE, '` + module + `', __DIR__);
`)
}

func moduleXML(module string, sequence []string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
        xsi:noNamespaceSchemaLocation="urn:magento:framework:Module/etc/module.xsd">
`)
	if len(sequence) == 0 {
		fmt.Fprintf(&b, "    <module name=\"%s\"/>\n", escape(module))
	} else {
		fmt.Fprintf(&b, "    <module name=\"%s\">\n        <sequence>\n", escape(module))
		for _, m := range sequence {
			fmt.Fprintf(&b, "            <module name=\"%s\"/>\n", escape(m))
		}
		b.WriteString("        </sequence>\n    </module>\n")
	}
	b.WriteString("</config>\n")
	return b.Bytes()
}

func apiXML(name string, resources []string) []byte {
	var b bytes.Buffer
	openIntegration(&b, "integrations", "api.xsd", name)
	writeResources(&b, resources)
	b.WriteString("    </integration>\n</integrations>\n")
	return b.Bytes()
}

func configXML(name string, in *Integration) []byte {
	var b bytes.Buffer
	openIntegration(&b, "integrations", "config.xsd", name)
	writeContact(&b, in)
	b.WriteString("    </integration>\n</integrations>\n")
	return b.Bytes()
}

func integrationXML(name string, in *Integration, resources []string) []byte {
	var b bytes.Buffer
	openIntegration(&b, "config", "integration.xsd", name)
	writeContact(&b, in)
	writeResources(&b, resources)
	b.WriteString("    </integration>\n</config>\n")
	return b.Bytes()
}

// openIntegration writes the start of an integration file: the root
// element with Magento_Integration's schema, and the integration's
// opening tag.
func openIntegration(b *bytes.Buffer, root, schema, name string) {
	fmt.Fprintf(b, `<?xml version="1.0"?>
<%s xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
        xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Integration:etc/integration/%s">
`, root, schema)
	fmt.Fprintf(b, "    <integration name=\"%s\">\n", escape(name))
}

// writeContact writes the contact fields in the order config.xsd
// demands.
func writeContact(b *bytes.Buffer, in *Integration) {
	fmt.Fprintf(b, "        <email>%s</email>\n", escape(in.Email))
	if in.EndpointURL != "" {
		fmt.Fprintf(b, "        <endpoint_url>%s</endpoint_url>\n", escape(in.EndpointURL))
	}
	if in.IdentityURL != "" {
		fmt.Fprintf(b, "        <identity_link_url>%s</identity_link_url>\n", escape(in.IdentityURL))
	}
}

func writeResources(b *bytes.Buffer, resources []string) {
	b.WriteString("        <resources>\n")
	for _, id := range resources {
		fmt.Fprintf(b, "            <resource name=\"%s\"/>\n", escape(id))
	}
	b.WriteString("        </resources>\n")
}

// dataPatch returns the data patch that has Magento create a legacy
// integration: Magento reads etc/integration.xml on every setup:upgrade,
// but api.xml and config.xml only when setup code asks.
func dataPatch(vendor, module, name string) []byte {
	quoted := strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(name)
	title := strings.ReplaceAll(name, "*/", "* /")
	return []byte(`<?php
declare(strict_types=1);

namespace ` + vendor + `\` + module + `\Setup\Patch\Data;

use Magento\Framework\Setup\Patch\DataPatchInterface;
use Magento\Integration\Model\ConfigBasedIntegrationManager;

/**
 * Creates the "` + title + `" integration declared in etc/integration/*.xml.
 */
class RegisterIntegration implements DataPatchInterface
{
    public function __construct(
        private readonly ConfigBasedIntegrationManager $integrations
    ) {
    }

    public function apply(): self
    {
        $this->integrations->processIntegrationConfig(['` + quoted + `']);
        return $this;
    }

    public static function getDependencies(): array
    {
        return [];
    }

    public function getAliases(): array
    {
        return [];
    }
}
`)
}

func readme(module, description string) []byte {
	pkg := magento.ComposerName(magento.TypeModule, module)
	return []byte("# " + module + "\n\n" + description + "\n\n## Install\n\n```sh\n" +
		"composer require " + pkg + "\n" +
		"bin/magento module:enable " + module + "\n" +
		"bin/magento setup:upgrade\n```\n")
}

// escape returns s escaped for XML text and attribute values.
func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // writes to a Builder cannot fail
	return b.String()
}
