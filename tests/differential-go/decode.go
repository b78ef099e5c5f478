// decode.go FILE...: each file through Go's encoding/json, as the API
// server and kubectl decode a JSON manifest: "ok FILE" when it is one
// object whose apiVersion and kind are strings, else "no FILE: why".
// tests/differential.sh runs it, when Go is installed, over the JSON
// cases of tests/differential.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	bad := 0
	for _, f := range os.Args[1:] {
		b, err := os.ReadFile(f)
		if err != nil {
			fmt.Printf("no %s: %v\n", f, err)
			bad++
			continue
		}
		var m map[string]interface{}
		if err := json.Unmarshal(b, &m); err != nil {
			fmt.Printf("no %s: %v\n", f, err)
			bad++
			continue
		}
		_, a := m["apiVersion"].(string)
		_, k := m["kind"].(string)
		if !a || !k {
			fmt.Printf("no %s: no string apiVersion and kind\n", f)
			bad++
			continue
		}
		fmt.Printf("ok %s\n", f)
	}
	if bad > 0 {
		os.Exit(1)
	}
}
