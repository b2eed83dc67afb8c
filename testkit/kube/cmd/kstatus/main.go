// kstatus prints the status that sigs.k8s.io/cli-utils/pkg/kstatus (the library Flux and
// kpt use) computes for one object, read as JSON or YAML from stdin: "<Status> <message>".
package main

import (
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/json"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
	"sigs.k8s.io/yaml"
)

func main() {
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(err)
	}
	asJSON, err := yaml.YAMLToJSON(raw)
	if err != nil {
		fail(err)
	}
	// apimachinery's decoder keeps whole numbers as int64, as unstructured objects need
	object := map[string]interface{}{}
	if err := json.Unmarshal(asJSON, &object); err != nil {
		fail(err)
	}
	result, err := status.Compute(&unstructured.Unstructured{Object: object})
	if err != nil {
		fail(err)
	}
	fmt.Printf("%s %s\n", result.Status, result.Message)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "kstatus:", err)
	os.Exit(2)
}
