#!/usr/bin/env bash
# Builds the control plane the tests run on (kube-apiserver, kube-controller-manager, kubectl,
# etcd) and the kstatus checker from this Go module, with the Gateway API standard-channel CRDs,
# into a cache folder outside the repository,
# keyed by version (and a hash of this module). Does nothing when that folder is complete. Prints the
# folder on its last line.
#   testkit/kube/build.sh            build if missing
#   KUBE_BIN_CACHE=/some/dir ...     another cache root (default ~/.cache/calendar-operator/kube)
set -euo pipefail
cd "$(dirname "$0")"

kube_version=$(awk '$1 == "k8s.io/kubernetes" { print $2; exit }' go.mod)
etcd_version=$(awk '$1 == "go.etcd.io/etcd/server/v3" { print $2; exit }' go.mod)
# the Gateway API release whose standard-channel CRDs the route tests install (not a Go dependency:
# its module would move shared modules of k8s.io/kubernetes)
gateway_api_version=v1.4.1
platform=$(go env GOOS 2>/dev/null || echo linux)-$(go env GOARCH 2>/dev/null || echo amd64)
root=${KUBE_BIN_CACHE:-$HOME/.cache/calendar-operator/kube}
# keyed by version, and by this module's sources, so an edit of the checker builds anew
sources=$(cat build.sh go.mod go.sum tools.go $(find cmd -name '*.go' | sort) | sha256sum | cut -c1-12)
dir="$root/${kube_version#v}-$platform-$sources"
binaries=(kube-apiserver kube-controller-manager kubectl etcd kstatus)

if [ -f "$dir/.complete" ]; then
  echo "$dir"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "testkit/kube/build.sh: Go 1.24 or newer is needed to build the test control plane: install Go (the 'go' command) and run again" >&2
  exit 1
fi

minor=${kube_version#v1.}; minor=${minor%%.*}
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$kube_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$date"
done

echo "building Kubernetes $kube_version and etcd $etcd_version into $dir (cold: about 10 minutes on 2 cores)" >&2
start=$(date +%s)
mkdir -p "$dir.partial"
CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$dir.partial/" \
  k8s.io/kubernetes/cmd/kube-apiserver \
  k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kubectl \
  ./cmd/etcd ./cmd/kstatus
for b in "${binaries[@]}"; do test -x "$dir.partial/$b"; done
gateway_api=$(go mod download -json "sigs.k8s.io/gateway-api@$gateway_api_version" | awk -F'"' '$2 == "Dir" { print $4 }')
mkdir -p "$dir.partial/gateway-api-crds"
cp "$gateway_api"/config/crd/standard/*.yaml "$dir.partial/gateway-api-crds/"
chmod u+w "$dir.partial/gateway-api-crds/"*.yaml
rm -rf "$dir" && mv "$dir.partial" "$dir"
# earlier builds of this version (other sources) are not needed any more
find "$root" -maxdepth 1 -name "${kube_version#v}-$platform-*" ! -name "$(basename "$dir")" -exec rm -rf {} +
echo "$kube_version $etcd_version built in $(( $(date +%s) - start )) s" > "$dir/.complete"
cat "$dir/.complete" >&2
echo "$dir"
