// Package pack builds the zip of a Magento component and checks zips
// built by anyone.
//
// A package built by Build:
//
//   - holds the component's files with composer.json at the root of the
//     zip, never under a top-level folder;
//   - leaves out version-control data, operating-system and editor
//     litter, dependencies (vendor/, node_modules/, composer.lock) and CI
//     files, then whatever the top-level .gitattributes marks
//     export-ignore and composer.json's archive.exclude names, with
//     Composer's own pattern rules;
//   - refuses secrets (auth.json, .env files, app/etc/env.php, private
//     keys, .npmrc and .pypirc holding tokens), paths that are absolute,
//     escape the component or are not UTF-8, links that point outside
//     the component, and names that differ only in case;
//   - carries the version in its composer.json, without source or dist;
//   - is reproducible: entries in byte order, one timestamp, modes 0644
//     or 0755, no extra fields and one compression level, so the same
//     files give the same bytes on any machine, time zone or umask.
package pack
