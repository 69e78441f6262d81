// Command strict decodes rendered Kubernetes manifests into the typed structs of k8s.io/api,
// refusing unknown fields (a misspelt or misplaced key that a JSON-schema check lets through,
// as kubeconform -strict would). Usage: strict <file.yaml>; prints one line per manifest:
// "ok <kind>/<name>", "skip <kind>/<name>" (a kind it has no type for), or
// "error <kind>/<name>: <reason>"; exits 1 if any line is an error.
package main

import (
	"bytes"
	"fmt"
	"os"
	"regexp"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"
)

func typed(apiVersion, kind string) any {
	switch apiVersion + " " + kind {
	case "apps/v1 Deployment":
		return &appsv1.Deployment{}
	case "apps/v1 StatefulSet":
		return &appsv1.StatefulSet{}
	case "v1 Service":
		return &corev1.Service{}
	case "v1 ConfigMap":
		return &corev1.ConfigMap{}
	case "v1 Secret":
		return &corev1.Secret{}
	case "v1 ServiceAccount":
		return &corev1.ServiceAccount{}
	case "policy/v1 PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}
	case "autoscaling/v2 HorizontalPodAutoscaler":
		return &autoscalingv2.HorizontalPodAutoscaler{}
	case "networking.k8s.io/v1 NetworkPolicy":
		return &networkingv1.NetworkPolicy{}
	case "networking.k8s.io/v1 Ingress":
		return &networkingv1.Ingress{}
	}
	return nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: strict <file.yaml>")
		os.Exit(2)
	}
	text, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	failed := false
	for _, doc := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(text), -1) {
		if len(bytes.TrimSpace([]byte(doc))) == 0 {
			continue
		}
		var head struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Metadata   struct {
				Name string `json:"name"`
			} `json:"metadata"`
		}
		if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
			fmt.Printf("error ?: %v\n", err)
			failed = true
			continue
		}
		if head.Kind == "" {
			continue // only comments
		}
		id := head.Kind + "/" + head.Metadata.Name
		obj := typed(head.APIVersion, head.Kind)
		if obj == nil {
			fmt.Printf("skip %s\n", id)
			continue
		}
		if err := yaml.UnmarshalStrict([]byte(doc), obj); err != nil {
			fmt.Printf("error %s: %v\n", id, err)
			failed = true
			continue
		}
		fmt.Printf("ok %s\n", id)
	}
	if failed {
		os.Exit(1)
	}
}
