package publish_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/modpack/modpack/internal/publish"
)

func TestMinify(t *testing.T) {
	tests := []struct {
		name     string
		versions string // expanded, newest first
		want     string // minified
	}{
		{
			name:     "one",
			versions: `[{"name":"a/b","version":"1.0.0"}]`,
			want:     `[{"name":"a/b","version":"1.0.0"}]`,
		},
		{
			name: "changed and added",
			versions: `[{"name":"a/b","version":"2.0.0","require":{"php":">=8.1"}},
				{"name":"a/b","version":"1.0.0","require":{"php":">=7.4"},"extra":1}]`,
			want: `[{"name":"a/b","version":"2.0.0","require":{"php":">=8.1"}},
				{"version":"1.0.0","require":{"php":">=7.4"},"extra":1}]`,
		},
		{
			name: "removed",
			versions: `[{"name":"a/b","version":"3.0.0","type":"magento2-module","description":"d"},
				{"name":"a/b","version":"2.0.0"},
				{"name":"a/b","version":"1.0.0","type":"library"}]`,
			want: `[{"name":"a/b","version":"3.0.0","type":"magento2-module","description":"d"},
				{"version":"2.0.0","type":"__unset","description":"__unset"},
				{"version":"1.0.0","type":"library"}]`,
		},
		{
			name: "null kept apart from missing",
			versions: `[{"name":"a/b","version":"2.0.0","x":null},
				{"name":"a/b","version":"1.0.0"}]`,
			want: `[{"name":"a/b","version":"2.0.0","x":null},
				{"version":"1.0.0","x":"__unset"}]`,
		},
		{
			name:     "none",
			versions: `[]`,
			want:     `[]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			versions := decodeList(t, tt.versions)
			got := publish.Minify(versions)
			if want := decodeList(t, tt.want); !reflect.DeepEqual(got, want) {
				t.Errorf("Minify(%s) = %v, want %v", tt.versions, got, want)
			}
			if back := publish.Expand(got); !reflect.DeepEqual(back, versions) {
				t.Errorf("Expand(Minify(%s)) = %v", tt.versions, back)
			}
		})
	}
}

func decodeList(t *testing.T, s string) []map[string]any {
	t.Helper()
	var list []map[string]any
	if err := json.Unmarshal([]byte(s), &list); err != nil {
		t.Fatal(err)
	}
	return list
}
