// Package version holds the build's version, commit and date, set at link time with
// -ldflags "-X meshdesk/version.Version=… -X meshdesk/version.Commit=… -X meshdesk/version.Date=…".
package version

import "fmt"

// Set by the linker; the defaults describe a development build.
var (
	Version = "0.0.0-dev"
	Commit  = "unknown"
	Date    = "unknown"
)

// String is the one-line form printed by `meshdesk --version` and shown in the About view.
func String() string {
	return fmt.Sprintf("meshdesk %s (commit %s, built %s)", Version, Commit, Date)
}

// UserAgent is the User-Agent the Mesh client sends: the app and its version.
func UserAgent() string {
	return "MeshDesk/" + Version
}
