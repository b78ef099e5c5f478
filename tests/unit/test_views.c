/*
 * test_views: the items each view derives from a document: where pod specs
 * are found, which containers there are, the effective security context,
 * env entries, images, and the Dockerfile views; with their anchors and
 * object identities.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "dockerfile/dockerfile.h"
#include "engine/views.h"
#include "kubernetes/yaml.h"

struct loaded {
	struct hl_arena a;
	struct hl_source src;
	struct hl_node *root;
	struct hl_dockerfile df;
	struct hl_doc doc;
};

static bool keep_first(struct hl_yaml_doc *d, void *ctx)
{
	struct loaded *l = ctx;
	if (!l->root)
		l->root = d->root;
	return true;
}

static struct loaded *load_yaml(const char *text)
{
	static struct loaded l;
	memset(&l, 0, sizeof(l));
	hl_arena_init(&l.a);
	hl_source_init_mem(&l.src, &l.a, "x.yaml", text, strlen(text));
	struct hl_yaml_opts o;
	hl_yaml_opts_init(&o);
	assert_int_equal(hl_yaml_parse(&l.src, &l.a, &o, keep_first, NULL, &l),
			 HL_OK);
	hl_doc_init(&l.doc, HL_TARGET_KUBERNETES, "x.yaml", &l.src, &l.a,
		    l.root, NULL);
	return &l;
}

static struct loaded *load_dockerfile(const char *text)
{
	static struct loaded l;
	memset(&l, 0, sizeof(l));
	hl_arena_init(&l.a);
	hl_source_init_mem(&l.src, &l.a, "Dockerfile", text, strlen(text));
	hl_dockerfile_parse(&l.src, &l.a, &l.df);
	/* the views read the parse itself, not the tree */
	hl_doc_init(&l.doc, HL_TARGET_DOCKERFILE, "Dockerfile", &l.src, &l.a,
		    NULL, &l.df);
	return &l;
}

static const char *text_at(const struct hl_node *n, const char *path)
{
	struct hl_arena a;
	hl_arena_init(&a);
	struct hl_path p;
	size_t off;
	static char buf[256];
	buf[0] = '\0';
	if (hl_path_parse(&a, path, &p, &off)) {
		const char *t = hl_node_text(hl_path_first(n, &p, NULL));
		if (t)
			snprintf(buf, sizeof(buf), "%s", t);
		else if (hl_path_first(n, &p, NULL))
			snprintf(buf, sizeof(buf), "<node>");
		else
			snprintf(buf, sizeof(buf), "<absent>");
	}
	hl_arena_release(&a);
	return buf;
}

/* Where each kind keeps its pod spec; the anchor is that `spec` key. */
static void test_pod_specs(void **state)
{
	(void)state;
	static const struct {
		const char *yaml;
		size_t npods;
		uint32_t line, col; /* anchor of the first */
		const char *object;
	} cases[] = {
		{"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
		 "spec:\n  containers: [{name: a}]\n",
		 1, 4, 1, "Pod/p"},
		{"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, "
		 "namespace: ns}\nspec:\n  template:\n    spec:\n"
		 "      containers: [{name: a}]\n",
		 1, 6, 5, "Deployment/ns/d"},
		{"apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\n"
		 "spec:\n  jobTemplate:\n    spec:\n      template:\n"
		 "        spec:\n          containers: [{name: a}]\n",
		 1, 8, 9, "CronJob/c"},
		{"apiVersion: v1\nkind: PodTemplate\nmetadata: {name: t}\n"
		 "template:\n  spec:\n    containers: [{name: a}]\n",
		 1, 5, 3, "PodTemplate/t"},
		{"apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: "
		 "{generateName: r-}\nspec:\n  template:\n    spec:\n"
		 "      containers: [{name: a}]\n",
		 1, 6, 5, "Rollout/r-*"},
		/* no containers: not a pod spec */
		{"apiVersion: v1\nkind: Service\nmetadata: {name: s}\n"
		 "spec:\n  ports: [{port: 80}]\n",
		 0, 0, 0, NULL},
		/* not an object */
		{"kind: Pod\nspec:\n  containers: [{name: a}]\n", 0, 0, 0,
		 NULL},
		/* a List: every item */
		{"apiVersion: v1\nkind: List\nitems:\n"
		 "- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n"
		 "  spec: {containers: [{name: x}]}\n"
		 "- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n"
		 "  spec: {containers: [{name: y}]}\n",
		 2, 7, 3, "Pod/a"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct loaded *l = load_yaml(cases[i].yaml);
		const struct hl_items *pods = hl_view_items(&l->doc,
							    HL_VIEW_K8S_POD);
		if (pods->count != cases[i].npods)
			fail_msg("case %zu: %zu pods, want %zu", i, pods->count,
				 cases[i].npods);
		if (pods->count) {
			const struct hl_item *it = &pods->items[0];
			if (it->anchor.start.line != cases[i].line ||
			    it->anchor.start.col != cases[i].col)
				fail_msg("case %zu: anchor %u:%u, want %u:%u",
					 i, it->anchor.start.line,
					 it->anchor.start.col, cases[i].line,
					 cases[i].col);
			assert_string_equal(it->object, cases[i].object);
		}
		hl_arena_release(&l->a);
	}
}

/* Every container list, in order init, regular, ephemeral; the anchor is
 * the name entry (or the first entry). */
static void test_containers(void **state)
{
	(void)state;
	struct loaded *l = load_yaml(
		"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
		"  ephemeralContainers:\n  - name: dbg\n"
		"  containers:\n  - name: app\n  - image: x:1\n"
		"  initContainers:\n  - name: init\n");
	const struct hl_items *cs = hl_view_items(&l->doc,
						  HL_VIEW_K8S_CONTAINER);
	assert_int_equal(cs->count, 4);
	static const char *const kinds[] = {"init", "regular", "regular",
					    "ephemeral"};
	static const char *const objects[] = {
		"Pod/p initContainer init", "Pod/p container app",
		"Pod/p container <unnamed>", "Pod/p ephemeralContainer dbg"};
	static const uint32_t lines[] = {11, 8, 9, 6};
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(
			text_at(cs->items[i].node, "container-kind"), kinds[i]);
		assert_string_equal(cs->items[i].object, objects[i]);
		assert_int_equal(cs->items[i].anchor.start.line, lines[i]);
	}
	assert_string_equal(text_at(cs->items[1].node, "object-kind"), "Pod");
	/* computed once: the same array on a second call */
	assert_ptr_equal(hl_view_items(&l->doc, HL_VIEW_K8S_CONTAINER), cs);
	hl_arena_release(&l->a);
}

/* Pod-level fields that apply to containers are merged under the
 * container's own; container-only fields are not inherited. */
static void test_effective(void **state)
{
	(void)state;
	struct loaded *l = load_yaml(
		"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
		"  securityContext:\n"
		"    runAsUser: 1\n    runAsGroup: 2\n    runAsNonRoot: true\n"
		"    seccompProfile: {type: RuntimeDefault}\n"
		"    privileged: true\n    fsGroup: 3\n"
		"  containers:\n"
		"  - name: a\n"
		"  - name: b\n    securityContext:\n      runAsUser: 10\n"
		"      seccompProfile: {type: Unconfined}\n"
		"      capabilities: {drop: [ALL]}\n");
	const struct hl_items *cs = hl_view_items(&l->doc,
						  HL_VIEW_K8S_CONTAINER);
	assert_int_equal(cs->count, 2);
	const struct hl_node *a = cs->items[0].node, *b = cs->items[1].node;
	assert_string_equal(text_at(a, "effective.runAsUser"), "1");
	assert_string_equal(text_at(a, "effective.runAsGroup"), "2");
	assert_string_equal(text_at(a, "effective.runAsNonRoot"), "true");
	assert_string_equal(text_at(a, "effective.seccompProfile.type"),
			    "RuntimeDefault");
	assert_string_equal(text_at(a, "effective.privileged"), "<absent>");
	assert_string_equal(text_at(a, "effective.fsGroup"), "<absent>");
	assert_string_equal(text_at(a, "securityContext"), "<absent>");
	assert_string_equal(text_at(b, "effective.runAsUser"), "10");
	assert_string_equal(text_at(b, "effective.runAsGroup"), "2");
	assert_string_equal(text_at(b, "effective.seccompProfile.type"),
			    "Unconfined");
	assert_string_equal(text_at(b, "effective.capabilities.drop[0]"),
			    "ALL");
	/* the inherited value keeps its place: the pod-level line */
	struct hl_arena tmp;
	hl_arena_init(&tmp);
	struct hl_path p;
	size_t off;
	assert_true(hl_path_parse(&tmp, "effective.runAsGroup", &p, &off));
	struct hl_span at;
	assert_non_null(hl_path_first(b, &p, &at));
	assert_int_equal(at.start.line, 7);
	assert_int_equal(at.start.col, 5);
	hl_arena_release(&tmp);
	hl_arena_release(&l->a);
}

static void test_env_and_images(void **state)
{
	(void)state;
	struct loaded *l = load_yaml(
		"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
		"  initContainers:\n  - name: i\n    image: busybox\n"
		"    env: [{name: A, value: x}]\n"
		"  containers:\n  - name: c\n"
		"    image: ghcr.io/o/app:1.2@sha256:"
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd"
		"ef\n"
		"    env:\n    - name: B\n      valueFrom: {secretKeyRef: "
		"{name: s, key: k}}\n"
		"    envFrom:\n    - secretRef: {name: s}\n");
	const struct hl_items *env = hl_view_items(&l->doc, HL_VIEW_K8S_ENV);
	assert_int_equal(env->count, 3);
	assert_string_equal(text_at(env->items[0].node, "name"), "A");
	assert_string_equal(text_at(env->items[0].node, "container"), "i");
	assert_string_equal(text_at(env->items[0].node, "from"), "env");
	assert_string_equal(text_at(env->items[1].node, "value"), "<absent>");
	assert_string_equal(text_at(env->items[2].node, "from"), "envFrom");
	assert_string_equal(env->items[2].object,
			    "Pod/p container c envFrom #1");
	const struct hl_items *im = hl_view_items(&l->doc, HL_VIEW_K8S_IMAGE);
	assert_int_equal(im->count, 2);
	assert_string_equal(text_at(im->items[0].node, "repository"),
			    "library/busybox");
	assert_string_equal(text_at(im->items[0].node, "tag"), "<absent>");
	assert_string_equal(text_at(im->items[1].node, "registry"), "ghcr.io");
	assert_string_equal(text_at(im->items[1].node, "tag"), "1.2");
	assert_string_equal(text_at(im->items[1].node, "container"), "c");
	assert_int_equal(im->items[1].anchor.start.line, 11);
	hl_arena_release(&l->a);
}

static void test_dockerfile_views(void **state)
{
	(void)state;
	struct loaded *l = load_dockerfile("FROM golang:1.23 AS build\n"
					   "RUN go build\n"
					   "FROM build\n"
					   "COPY --from=alpine:3 /a /b\n"
					   "BOGUS x\n");
	const struct hl_items *st = hl_view_items(&l->doc, HL_VIEW_DF_STAGE);
	assert_int_equal(st->count, 2);
	assert_string_equal(st->items[0].object, "stage build");
	assert_string_equal(st->items[1].object, "stage 1");
	assert_string_equal(text_at(st->items[1].node, "final"), "true");
	assert_string_equal(text_at(st->items[0].node, "final"), "false");
	assert_string_equal(text_at(st->items[1].node, "parent"), "0");
	assert_int_equal(st->items[1].anchor.start.line, 3);
	const struct hl_items *in = hl_view_items(&l->doc,
						  HL_VIEW_DF_INSTRUCTION);
	assert_int_equal(in->count, 5);
	assert_string_equal(in->items[1].object, "stage build RUN #2");
	const struct hl_items *im = hl_view_items(&l->doc, HL_VIEW_DF_IMAGE);
	assert_int_equal(im->count, 3);
	assert_string_equal(text_at(im->items[1].node, "stage-name"), "build");
	assert_string_equal(text_at(im->items[2].node, "source"), "copy-from");
	assert_string_equal(im->items[2].object, "stage 1 copy-from alpine:3");
	const struct hl_items *sy = hl_view_items(&l->doc, HL_VIEW_DF_SYNTAX);
	assert_int_equal(sy->count, 1);
	assert_int_equal(sy->items[0].anchor.start.line, 5);
	/* views of the other target are empty */
	assert_int_equal(hl_view_items(&l->doc, HL_VIEW_K8S_POD)->count, 0);
	hl_arena_release(&l->a);
}

static void test_registry(void **state)
{
	(void)state;
	assert_int_equal(hl_view_find("container", HL_TARGET_KUBERNETES),
			 HL_VIEW_K8S_CONTAINER);
	assert_int_equal(hl_view_find("image", HL_TARGET_DOCKERFILE),
			 HL_VIEW_DF_IMAGE);
	assert_int_equal(hl_view_find("image", HL_TARGET_KUBERNETES),
			 HL_VIEW_K8S_IMAGE);
	assert_int_equal(hl_view_find("container", HL_TARGET_DOCKERFILE), -1);
	assert_null(hl_views_get(HL_VIEW__COUNT));
	assert_int_equal(hl_views_count(), HL_VIEW__COUNT);
	for (size_t i = 0; i < hl_views_count(); i++) {
		const struct hl_view_info *v = hl_views_get(i);
		assert_non_null(v->what);
		assert_non_null(v->type);
		/* a record type of the view's target, or (object) the
		 * Kubernetes type it is */
		const struct hl_type_info *t = hl_types_find(v->type);
		if (t)
			assert_int_equal(t->target, v->target);
		else
			assert_string_equal(v->type, "Object");
	}
	/* every field of every record type has a name and says what it is
	 * (a slot the type's enum left out would be all zeros); names are
	 * unique in a type; every type has its getter */
	assert_true(hl_types_count() >= 16);
	for (size_t i = 0; i < hl_types_count(); i++) {
		const struct hl_type_info *t = hl_types_get(i);
		const struct hl_rtype *r = hl_rtype_find(t->name);
		assert_non_null(r);
		assert_ptr_equal(hl_types_find(t->name), t);
		assert_true(t->nfields > 0);
		assert_non_null(r->get);
		for (size_t k = 0; k < t->nfields; k++) {
			const struct hl_field_info *f = hl_type_field(t, k);
			assert_true(strlen(f->name) > 0);
			assert_true(strlen(f->type) > 0);
			assert_true(strlen(f->meaning) > 3);
			assert_int_equal(hl_rtype_field(r, f->name), (int)k);
		}
		assert_null(hl_type_field(t, t->nfields));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pod_specs),
		cmocka_unit_test(test_containers),
		cmocka_unit_test(test_effective),
		cmocka_unit_test(test_env_and_images),
		cmocka_unit_test(test_dockerfile_views),
		cmocka_unit_test(test_registry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
