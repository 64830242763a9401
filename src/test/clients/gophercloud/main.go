// Command gophercloud-workflow replays, with gophercloud 0.12 (Debian's
// golang-github-gophercloud-gophercloud-dev), the Manila API calls that the Kubernetes
// Manila CSI driver's controller makes for a volume snapshot's life cycle:
// client setup and version check, share type capabilities, CreateVolume, NodeStage's
// export location lookup, CreateSnapshot (first call and the snapshotter's repeats),
// CreateVolume from the snapshot, DeleteSnapshot with its wait until 404, the
// idempotent second DeleteSnapshot, not-found handling and DeleteVolume.
//
// Environment:
//
//	SHARESNAP_URL  service root, no trailing path   (default http://127.0.0.1:8786)
//	PROJECT        hex project id                   (default: random 32 hex digits)
//	USER_NAME      user id in the noauth token      (default alice)
//	SHARE_TYPE     share type name                  (default default)
//	POLL_TIMEOUT   seconds for snapshot waits       (default 60)
//
// Prints one "OK step N: ..." line per step; exits 1 with "FAIL step N: ..." on the first
// mismatch.
package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud"
	"github.com/gophercloud/gophercloud/openstack/sharedfilesystems/apiversions"
	"github.com/gophercloud/gophercloud/openstack/sharedfilesystems/v2/shares"
	"github.com/gophercloud/gophercloud/openstack/sharedfilesystems/v2/sharetypes"
	"github.com/gophercloud/gophercloud/openstack/sharedfilesystems/v2/snapshots"
)

// The CSI driver pins this microversion (it needs 2.37 at least, for share access metadata).
const csiMicroversion = "2.37"

// Descriptions the CSI driver puts on what it creates.
const (
	volumeDescription   = "provisioned-by=manila.csi.openstack.org"
	snapshotDescription = "snapshotted-by=manila.csi.openstack.org"
)

var (
	client      *gophercloud.ServiceClient
	stepNo      int
	stepStart   time.Time
	runStart    = time.Now()
	pollTimeout = 60 * time.Second

	// resources to clean up (best effort) when the workflow fails half-way
	createdShares   []string
	createdSnapshot string
)

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func randomUUID() string {
	h := randomHex(16)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func step() { stepNo++; stepStart = time.Now() }

func ok(format string, args ...interface{}) {
	fmt.Printf("OK step %d: %s (%d ms)\n", stepNo, fmt.Sprintf(format, args...),
		time.Since(stepStart).Milliseconds())
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL step %d: %s\n", stepNo, fmt.Sprintf(format, args...))
	cleanup()
	os.Exit(1)
}

// cleanup removes what this run created, ignoring errors (only used after a failure).
func cleanup() {
	if createdSnapshot != "" {
		_ = snapshots.Delete(client, createdSnapshot).ExtractErr()
		waitGone(func() error { return snapshots.Get(client, createdSnapshot).Err }, 20*time.Second)
	}
	for i := len(createdShares) - 1; i >= 0; i-- {
		_ = shares.Delete(client, createdShares[i]).ExtractErr()
	}
}

func waitGone(get func() error, timeout time.Duration) {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(time.Second) {
		if is404(get()) {
			return
		}
	}
}

// is404 reports whether err is gophercloud's 404 error, as the CSI driver checks it.
func is404(err error) bool {
	var e gophercloud.ErrDefault404
	return errors.As(err, &e)
}

// faultName returns the top-level key of an OpenStack error body ({"itemNotFound": {...}}).
func faultName(err error) string {
	var e gophercloud.ErrDefault404
	if !errors.As(err, &e) {
		return ""
	}
	var body map[string]json.RawMessage
	if json.Unmarshal(e.Body, &body) != nil {
		return ""
	}
	for k := range body {
		return k
	}
	return ""
}

var versionRe = regexp.MustCompile(`^(\d+)\.(\d+)$`)

// parseVersion parses "N.M" the way the CSI driver compares microversions.
func parseVersion(v string) (int, int, error) {
	m := versionRe.FindStringSubmatch(v)
	if m == nil {
		return 0, 0, fmt.Errorf("%q is not of the form N.M", v)
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	return major, minor, nil
}

func versionLE(a, b string) bool {
	amaj, amin, _ := parseVersion(a)
	bmaj, bmin, _ := parseVersion(b)
	return amaj < bmaj || (amaj == bmaj && amin <= bmin)
}

// waitShareAvailable polls GET /shares/{id} with the CSI driver's backoff: at +0 s, then
// after 3 s, 3.6 s, ... (factor 1.2, 10 steps, about 78 s in all).
func waitShareAvailable(id string) *shares.Share {
	delay := 3 * time.Second
	for i := 0; ; i++ {
		s, err := shares.Get(client, id).Extract()
		if err != nil {
			fail("GET share %s: %v", id, err)
		}
		switch s.Status {
		case "available":
			return s
		case "creating", "creating_from_snapshot":
		default:
			fail("share %s went to status %q while waiting for available", id, s.Status)
		}
		if i == 10 {
			fail("share %s still %q after the CSI driver's 10 backoff steps", id, s.Status)
		}
		time.Sleep(delay)
		delay = delay * 12 / 10
	}
}

// listSharesByName is CreateVolume's idempotency check: GET /shares/detail?name=N.
func listSharesByName(name string) []shares.Share {
	pages, err := shares.ListDetail(client, shares.ListOpts{Name: name}).AllPages()
	if err != nil {
		fail("GET shares/detail?name=%s: %v", name, err)
	}
	list, err := shares.ExtractShares(pages)
	if err != nil {
		fail("decoding shares/detail?name=%s: %v", name, err)
	}
	return list
}

// listSnapshotsByName is CreateSnapshot's idempotency check: GET /snapshots/detail?name=N.
// The driver trusts the filter: it counts results without comparing names.
func listSnapshotsByName(name string) []snapshots.Snapshot {
	pages, err := snapshots.ListDetail(client, snapshots.ListOpts{Name: name}).AllPages()
	if err != nil {
		fail("GET snapshots/detail?name=%s: %v", name, err)
	}
	list, err := snapshots.ExtractSnapshots(pages)
	if err != nil {
		fail("decoding snapshots/detail?name=%s: %v", name, err)
	}
	return list
}

// preferredExportPath is what NodeStage mounts: the first preferred, non-admin-only path
// (else the first non-admin-only one).
func preferredExportPath(shareID string) string {
	locs, err := shares.ListExportLocations(client, shareID).Extract()
	if err != nil {
		fail("GET shares/%s/export_locations: %v", shareID, err)
	}
	path := ""
	for _, l := range locs {
		if l.IsAdminOnly || l.Path == "" {
			continue
		}
		if l.Preferred {
			return l.Path
		}
		if path == "" {
			path = l.Path
		}
	}
	if path == "" {
		fail("share %s has no usable (non-admin-only) export location among %d", shareID, len(locs))
	}
	return path
}

// typeCreateBody is a sharetypes.CreateOptsBuilder sending the same body as
// `manila type-create default false --snapshot-support true
// --create-share-from-snapshot-support true` (gophercloud's CreateOpts lacks the last spec).
type typeCreateBody map[string]interface{}

func (b typeCreateBody) ToShareTypeCreateMap() (map[string]interface{}, error) {
	return map[string]interface{}{"share_type": map[string]interface{}(b)}, nil
}

func findType(name string) *sharetypes.ShareType {
	pages, err := sharetypes.List(client, nil).AllPages()
	if err != nil {
		fail("GET types: %v", err)
	}
	types, err := sharetypes.ExtractShareTypes(pages)
	if err != nil {
		fail("decoding types: %v", err)
	}
	for i := range types {
		if types[i].Name == name {
			return &types[i]
		}
	}
	return nil
}

// boolSpec reads an extra spec as the CSI driver does: a string, parsed by strconv.ParseBool.
func boolSpec(specs sharetypes.ExtraSpecs, key string) bool {
	raw, found := specs[key]
	if !found {
		fail("extra spec %s missing (specs: %v)", key, specs)
	}
	s, isString := raw.(string)
	if !isString {
		fail("extra spec %s is %T %v, the CSI driver needs a string such as \"True\"", key, raw, raw)
	}
	v, err := strconv.ParseBool(s)
	if err != nil {
		fail("extra spec %s=%q: strconv.ParseBool: %v", key, s, err)
	}
	return v
}

func main() {
	base := strings.TrimRight(env("SHARESNAP_URL", "http://127.0.0.1:8786"), "/")
	project := env("PROJECT", randomHex(16))
	user := env("USER_NAME", "alice")
	typeName := env("SHARE_TYPE", "default")
	if t, err := strconv.Atoi(env("POLL_TIMEOUT", "60")); err == nil && t > 0 {
		pollTimeout = time.Duration(t) * time.Second
	}
	run := randomHex(4)
	pvcName := "pvc-" + run       // CreateVolume's share name (the PV name in the driver)
	snapName := "snapshot-" + run // CreateSnapshot's snapshot name
	restoreName := "pvc-restore-" + run

	// Client setup as in the CSI driver's noauth mode: a provider client with the token
	// "user:project" (sent as X-Auth-Token) and a "sharev2" service client on
	// URL/v2/project pinned to 2.37. gophercloud then sends both
	// X-OpenStack-Manila-API-Version: 2.37 and OpenStack-API-Version: sharev2 2.37.
	provider := &gophercloud.ProviderClient{HTTPClient: http.Client{Timeout: 30 * time.Second}}
	provider.SetToken(user + ":" + project)
	provider.UserAgent.Prepend("manila-csi-plugin/sharesnap-workflow")
	client = &gophercloud.ServiceClient{
		ProviderClient: provider,
		Endpoint:       base + "/v2/" + project + "/",
		Type:           "sharev2",
		Microversion:   csiMicroversion,
	}
	fmt.Printf("gophercloud-workflow: url=%s project=%s user=%s run=%s (gophercloud UA %q, microversion %s)\n",
		base, project, user, run, provider.UserAgent.Join(), csiMicroversion)

	// 1. validateManilaClient: GET /v2/ must hold exactly one version (gophercloud's
	//    apiversions.Get fails with ErrMultipleVersionsFound otherwise), in N.M form, and
	//    the range must include 2.37.
	step()
	ver, err := apiversions.Get(client, "v2").Extract()
	if err != nil {
		fail("GET /v2/ (apiversions.Get): %v", err)
	}
	if _, _, err := parseVersion(ver.Version); err != nil {
		fail("version: %v", err)
	}
	if _, _, err := parseVersion(ver.MinVersion); err != nil {
		fail("min_version: %v", err)
	}
	if !versionLE(ver.MinVersion, csiMicroversion) || !versionLE(csiMicroversion, ver.Version) {
		fail("server versions %s..%s do not include %s", ver.MinVersion, ver.Version, csiMicroversion)
	}
	ok("GET /v2/ -> one version %s (%s, %s..%s)", ver.ID, ver.Status, ver.MinVersion, ver.Version)

	// 2. GetManilaCapabilities(type): the type parameter is first tried as an id
	//    (GET /types/NAME/extra_specs -> 404 on Manila), then looked up by name in
	//    GET /types and its extra specs fetched by id.
	step()
	_, err = sharetypes.GetExtraSpecs(client, typeName).Extract()
	byName := "404"
	switch {
	case err == nil:
		byName = "200" // a server may resolve names too; the driver would use that answer
	case !is404(err):
		fail("GET types/%s/extra_specs: want 404 (or 200), got %v", typeName, err)
	}
	st := findType(typeName)
	if st == nil {
		// Not something the CSI driver does: real Manila has no "default" type until an
		// operator creates one, so create it like `manila type-create` would.
		res := sharetypes.Create(client, typeCreateBody{
			"name":                        typeName,
			"share_type_access:is_public": true,
			"extra_specs": map[string]interface{}{
				"driver_handles_share_servers":       false,
				"snapshot_support":                   true,
				"create_share_from_snapshot_support": true,
			},
		})
		if res.Err != nil {
			fail("POST types (creating missing type %q): %v", typeName, res.Err)
		}
		if st = findType(typeName); st == nil {
			fail("share type %q not listed after creating it", typeName)
		}
		fmt.Printf("   (share type %q was missing: created it)\n", typeName)
	}
	specs, err := sharetypes.GetExtraSpecs(client, st.ID).Extract()
	if err != nil {
		fail("GET types/%s/extra_specs: %v", st.ID, err)
	}
	if !boolSpec(specs, "snapshot_support") {
		fail("share type %q: snapshot_support is false", typeName)
	}
	if !boolSpec(specs, "create_share_from_snapshot_support") {
		fail("share type %q: create_share_from_snapshot_support is false", typeName)
	}
	ok("capabilities of type %q (id %s; by name: %s): snapshot_support and create_share_from_snapshot_support true",
		typeName, st.ID, byName)

	// 3. CreateVolume: no share of that name yet (count only), then POST /shares, which
	//    gophercloud accepts only with 200 or 201.
	step()
	if n := len(listSharesByName(pvcName)); n != 0 {
		fail("GET shares/detail?name=%s: want 0 results before create, got %d", pvcName, n)
	}
	share, err := shares.Create(client, shares.CreateOpts{
		ShareProto:  "NFS",
		Size:        1,
		Name:        pvcName,
		Description: volumeDescription,
		ShareType:   typeName,
	}).Extract()
	if err != nil {
		fail("POST shares: %v", err)
	}
	createdShares = append(createdShares, share.ID)
	if share.ID == "" || share.Size != 1 || share.Name != pvcName {
		fail("POST shares returned id=%q size=%d name=%q", share.ID, share.Size, share.Name)
	}
	ok("CreateVolume: share %s created (status %s)", share.ID, share.Status)

	// 4. CreateVolume waits with backoff until the share is available.
	step()
	share = waitShareAvailable(share.ID)
	ok("share %s available (created_at %s)", share.ID, share.CreatedAt.Format(gophercloud.RFC3339MilliNoZ))

	// 5. A retried CreateVolume finds exactly one share by name and reuses it.
	step()
	found := listSharesByName(pvcName)
	if len(found) != 1 || found[0].ID != share.ID {
		fail("GET shares/detail?name=%s: want exactly share %s, got %d result(s)", pvcName, share.ID, len(found))
	}
	if _, err := shares.Get(client, share.ID).Extract(); err != nil {
		fail("GET share %s: %v", share.ID, err)
	}
	ok("retried CreateVolume: name filter finds exactly %s", share.ID)

	// 6. NodeStage: GET /shares/{id}/export_locations, the preferred non-admin path.
	step()
	path := preferredExportPath(share.ID)
	ok("NodeStage export location %s", path)

	// 7. CreateSnapshot, first call: source share exists, no snapshot of that name yet,
	//    POST /snapshots (200/201/202) answered with status creating (or available).
	step()
	if _, err := shares.Get(client, share.ID).Extract(); err != nil {
		fail("GET source share %s: %v", share.ID, err)
	}
	if n := len(listSnapshotsByName(snapName)); n != 0 {
		fail("GET snapshots/detail?name=%s: want 0 results before create, got %d", snapName, n)
	}
	snap, err := snapshots.Create(client, snapshots.CreateOpts{
		ShareID:     share.ID,
		Name:        snapName,
		Description: snapshotDescription,
	}).Extract()
	if err != nil {
		fail("POST snapshots: %v", err)
	}
	createdSnapshot = snap.ID
	if snap.ID == "" || snap.ShareID != share.ID || snap.Name != snapName {
		fail("POST snapshots returned id=%q share_id=%q name=%q", snap.ID, snap.ShareID, snap.Name)
	}
	if snap.Status != "creating" && snap.Status != "available" {
		fail("new snapshot %s has status %q, want creating or available", snap.ID, snap.Status)
	}
	if snap.CreatedAt.IsZero() {
		fail("new snapshot %s has no created_at", snap.ID)
	}
	ok("CreateSnapshot: snapshot %s created (status %s)", snap.ID, snap.Status)

	// 8. The snapshotter repeats CreateSnapshot until ready_to_use: GET share, the name
	//    filter must now give exactly this snapshot, GET snapshot. available = ready,
	//    creating = not yet, anything else = error.
	step()
	calls := 0
	for deadline := time.Now().Add(pollTimeout); ; {
		calls++
		if _, err := shares.Get(client, share.ID).Extract(); err != nil {
			fail("GET source share %s: %v", share.ID, err)
		}
		byNameList := listSnapshotsByName(snapName)
		if len(byNameList) != 1 || byNameList[0].ID != snap.ID {
			fail("GET snapshots/detail?name=%s: want exactly snapshot %s, got %d result(s)", snapName, snap.ID, len(byNameList))
		}
		snap, err = snapshots.Get(client, snap.ID).Extract()
		if err != nil {
			fail("GET snapshot: %v", err)
		}
		if snap.Status == "available" {
			break
		}
		if snap.Status != "creating" {
			fail("snapshot %s has status %q: the driver reports an error", snap.ID, snap.Status)
		}
		if time.Now().After(deadline) {
			fail("snapshot %s still creating after %s", snap.ID, pollTimeout)
		}
		time.Sleep(time.Second)
	}
	if snap.Size != 1 || snap.ShareSize != 1 {
		fail("snapshot %s: size=%d share_size=%d, want 1 and 1", snap.ID, snap.Size, snap.ShareSize)
	}
	ok("CreateSnapshot repeated: snapshot %s ready_to_use after %d call(s)", snap.ID, calls+1)

	// 9. CreateVolume from the snapshot: the snapshot must be available, no share of the
	//    new name yet, POST /shares with snapshot_id, wait, export locations.
	step()
	snap, err = snapshots.Get(client, snap.ID).Extract()
	if err != nil || snap.Status != "available" {
		fail("GET snapshot %s before restore: status %v, err %v", createdSnapshot, snapStatus(snap), err)
	}
	if n := len(listSharesByName(restoreName)); n != 0 {
		fail("GET shares/detail?name=%s: want 0 results, got %d", restoreName, n)
	}
	restored, err := shares.Create(client, shares.CreateOpts{
		ShareProto:  "NFS",
		Size:        1,
		Name:        restoreName,
		Description: volumeDescription,
		ShareType:   typeName,
		SnapshotID:  snap.ID,
	}).Extract()
	if err != nil {
		fail("POST shares (from snapshot %s): %v", snap.ID, err)
	}
	createdShares = append(createdShares, restored.ID)
	restored = waitShareAvailable(restored.ID)
	if restored.SnapshotID != snap.ID {
		fail("restored share %s has snapshot_id %q, want %s", restored.ID, restored.SnapshotID, snap.ID)
	}
	rpath := preferredExportPath(restored.ID)
	ok("CreateVolume from snapshot: share %s available, export %s", restored.ID, rpath)

	// 10. DeleteSnapshot (allowed while a share made from it lives on): DELETE -> 202/204,
	//     then GET until 404; meanwhile the status must be deleting (never available).
	step()
	if err := snapshots.Delete(client, snap.ID).ExtractErr(); err != nil {
		fail("DELETE snapshot %s: %v", snap.ID, err)
	}
	seen := map[string]int{}
	for deadline := time.Now().Add(pollTimeout); ; {
		s, err := snapshots.Get(client, snap.ID).Extract()
		if is404(err) {
			break
		}
		if err != nil {
			fail("GET snapshot %s after DELETE: %v", snap.ID, err)
		}
		seen[s.Status]++
		if s.Status != "deleting" {
			fail("snapshot %s has status %q after DELETE, want deleting until 404", snap.ID, s.Status)
		}
		if time.Now().After(deadline) {
			fail("snapshot %s still present %s after DELETE", snap.ID, pollTimeout)
		}
		time.Sleep(500 * time.Millisecond)
	}
	createdSnapshot = ""
	ok("DeleteSnapshot: snapshot %s gone (404) after %d GET(s) showing deleting", snap.ID, seen["deleting"])

	// 11. A repeated DeleteSnapshot gets 404, which the driver counts as success.
	step()
	err = snapshots.Delete(client, snap.ID).ExtractErr()
	if !is404(err) {
		fail("second DELETE snapshot %s: want 404, got %v", snap.ID, errOrNil(err))
	}
	ok("second DeleteSnapshot -> 404 (treated as success), fault %q", faultName(err))

	// 12. Not-found handling: unknown snapshot/share ids give 404 (fault itemNotFound).
	step()
	missing := randomUUID()
	_, err = snapshots.Get(client, missing).Extract()
	if !is404(err) {
		fail("GET snapshots/%s: want 404, got %v", missing, errOrNil(err))
	}
	if f := faultName(err); f != "itemNotFound" {
		fail("GET snapshots/%s: want fault itemNotFound, got %q", missing, f)
	}
	if _, err = shares.Get(client, missing).Extract(); !is404(err) {
		fail("GET shares/%s: want 404, got %v", missing, errOrNil(err))
	}
	if err = snapshots.Delete(client, missing).ExtractErr(); !is404(err) {
		fail("DELETE snapshots/%s: want 404, got %v", missing, errOrNil(err))
	}
	ok("unknown ids: GET snapshot, GET share, DELETE snapshot -> 404 itemNotFound")

	// 13. DeleteVolume for both shares: DELETE /shares/{id} -> 202/204. The driver does not
	//     wait; this workflow then waits for 404 so that it leaves nothing behind.
	step()
	for _, id := range []string{restored.ID, share.ID} {
		if err := shares.Delete(client, id).ExtractErr(); err != nil {
			fail("DELETE share %s: %v", id, err)
		}
	}
	for _, id := range []string{restored.ID, share.ID} {
		gone := false
		for deadline := time.Now().Add(pollTimeout); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
			s, err := shares.Get(client, id).Extract()
			if is404(err) {
				gone = true
				break
			}
			if err != nil {
				fail("GET share %s after DELETE: %v", id, err)
			}
			if s.Status != "deleting" && s.Status != "available" {
				fail("share %s has status %q after DELETE", id, s.Status)
			}
		}
		if !gone {
			fail("share %s still present %s after DELETE", id, pollTimeout)
		}
	}
	createdShares = nil
	ok("DeleteVolume: shares %s and %s deleted", restored.ID, share.ID)

	fmt.Printf("gophercloud-workflow: all %d steps passed in %d ms\n", stepNo, time.Since(runStart).Milliseconds())
}

func snapStatus(s *snapshots.Snapshot) string {
	if s == nil {
		return "<none>"
	}
	return s.Status
}

func errOrNil(err error) string {
	if err == nil {
		return "success (no error)"
	}
	return err.Error()
}
