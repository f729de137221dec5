package spectest

import (
	"strings"
	"testing"
)

// lintBase follows every rule; each case below breaks one.
const lintBase = `openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com', description: Production.}]
tags: [{name: things, description: Things.}]
security: [{bearer: []}]
paths:
  /things:
    get:
      operationId: listThings
      x-respondkit-resend: safe
      x-respondkit-options: {name: ListOptions}
      x-respondkit-paging: {name: List, style: offset, offset: offset, limit: limit, items: data}
      tags: [ things ]
      summary: List things
      description: Returns a page of things.
      parameters:
        - {name: offset, in: query, description: Items to skip., schema: {type: integer, minimum: 0}}
        - {name: limit, in: query, description: Page size., schema: {type: integer, minimum: 1, maximum: 100}}
        - {name: ids, in: query, description: Only these., schema: {type: array, items: {type: string}}}
      responses:
        '200':
          description: A page.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Things'}
              example: {data: [{id: a, size: 1}]}
  /things/{id}:
    get:
      operationId: getThing
      x-respondkit-resend: safe
      tags: [things]
      summary: Get a thing
      description: Returns one thing.
      parameters:
        - $ref: '#/components/parameters/ID'
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
              example: {id: a, size: 1}
        '404':
          description: Not found.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer, description: A token.}
  parameters:
    ID: {name: id, in: path, required: true, description: The id., schema: {type: string}}
  schemas:
    Thing:
      type: object
      description: A thing.
      properties:
        id: {type: string, description: The id.}
        size: {$ref: '#/components/schemas/Size'}
    Size: {type: integer, description: The size.}
    Things:
      type: object
      description: A page of things.
      required: [data]
      properties:
        data: {type: array, description: The things., items: {$ref: '#/components/schemas/Thing'}}
    Error:
      type: object
      description: An error.
      properties:
        message: {type: string, description: What went wrong.}
`

func TestLint(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		replace  [][2]string // further replacements, each of text that occurs once
		want     []string    // substrings, one problem each
	}{
		{name: "clean"},
		{name: "no servers", old: "servers: [{url: 'https://api.example.com', description: Production.}]\n", want: []string{"no servers declared"}},
		{name: "no summary", old: "      summary: Get a thing\n", want: []string{"GET /things/{id}: no summary"}},
		{name: "no description", old: "      description: Returns one thing.\n", want: []string{"GET /things/{id}: no description"}},
		{name: "no operationId", old: "      operationId: getThing\n", want: []string{"GET /things/{id}: no operationId"}},
		{name: "no tag", old: "      tags: [things]\n", want: []string{"GET /things/{id}: no tag"}},
		{name: "undeclared tag", old: "tags: [things]\n      summary: Get", new: "tags: [other]\n      summary: Get", want: []string{`tag "other" is not declared`}},
		{
			name: "error without schema",
			old:  "          description: Not found.\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Error'}\n",
			new:  "          description: Not found.\n",
			want: []string{"GET /things/{id} 404: error response without a schema", "components/schemas/Error is not used"},
		},
		{name: "success without example", old: "              example: {id: a, size: 1}\n", want: []string{"GET /things/{id} 200: no example"}},
		{name: "property without description", old: "id: {type: string, description: The id.}", new: "id: {type: string}", want: []string{`schema Thing: property "id" has no description`}},
		{name: "referenced property without description", old: "Size: {type: integer, description: The size.}", new: "Size: {type: integer}", want: []string{`schema Thing: property "size" has no description`}},
		{name: "parameter without description", old: "description: The id., schema", new: "schema", want: []string{"parameter id: no description"}},
		{
			name: "unused schemas, also through an unused one",
			old:  "    Size:",
			new:  "    Unused: {type: object, description: U., properties: {o: {$ref: '#/components/schemas/Orphan'}}}\n    Orphan: {type: string, description: O.}\n    Size:",
			want: []string{"components/schemas/Unused is not used", "components/schemas/Orphan is not used"},
		},
		{name: "no resend declaration", old: "      operationId: getThing\n      x-respondkit-resend: safe\n", new: "      operationId: getThing\n",
			want: []string{"GET /things/{id}: operation getThing: x-respondkit-resend is missing"}},
		{name: "bad resend value", old: "      operationId: getThing\n      x-respondkit-resend: safe\n", new: "      operationId: getThing\n      x-respondkit-resend: maybe\n",
			want: []string{"operation getThing: x-respondkit-resend maybe: want safe or unsafe"}},
		{name: "paging style", old: "style: offset", new: "style: cursor", want: []string{`operation listThings: x-respondkit-paging.style "cursor": want offset or page`}},
		{name: "paging parameter", old: "limit: limit, items", new: "limit: size, items", want: []string{`operation listThings: x-respondkit-paging: "size" is not a query parameter of the operation`}},
		{name: "paging without options", old: "      x-respondkit-options: {name: ListOptions}\n", want: []string{"operation listThings: x-respondkit-paging needs x-respondkit-options"}},
		{name: "paging key with a total", old: "items: data}", new: "items: data, total: meta.total, key: id}",
			want: []string{"operation listThings: x-respondkit-paging.key: the total already finds a changed list; key is for lists without one"}},
		{name: "paging unknown field", old: "items: data}", new: "items: data, cursor: next}", want: []string{`operation listThings: x-respondkit-paging: json: unknown field "cursor"`}},
		{name: "window parameter", old: "{name: ListOptions}", new: "{name: ListOptions, window: {from: since, to: until}}",
			want: []string{`operation listThings: x-respondkit-options.window: "since" is not a query parameter of the operation`}},
		{name: "options name", old: "{name: ListOptions}", new: "{name: listOptions}", want: []string{`operation listThings: x-respondkit-options.name "listOptions" is not an exported Go name`}},
		{name: "page style without next", old: "style: offset, offset: offset, limit: limit", new: "style: page, page: offset, size: limit",
			want: []string{`operation listThings: x-respondkit-paging.next "": the page style needs next: link`}},
		{name: "wait without status", old: "      operationId: getThing\n", new: "      operationId: getThing\n      x-respondkit-wait: {name: WaitForThing, get: GetThing, what: thing, success: [done], failure: [failed], onFailure: thingFailed}\n",
			want: []string{"operation getThing: x-respondkit-wait: status, success, failure and pending are required"}},
		{name: "guard without options", old: "      operationId: getThing\n", new: "      operationId: getThing\n      x-respondkit-guard: {confirm: All}\n",
			want: []string{"operation getThing: x-respondkit-guard needs x-respondkit-options"}},
		{name: "guard over a parameter that does not say whether it selects", old: "      x-respondkit-paging:", new: "      x-respondkit-guard: {confirm: All}\n      x-respondkit-paging:",
			want: []string{"operation listThings: x-respondkit-guard: query parameter offset does not say whether it selects (x-respondkit-selects: true or false)"}},
		{name: "guard over parameters none of which selects", old: "      x-respondkit-paging:", new: "      x-respondkit-guard: {confirm: All}\n      x-respondkit-paging:",
			replace: [][2]string{{"{name: offset, in: query,", "{name: offset, in: query, x-respondkit-selects: false,"}, {"{name: limit, in: query,", "{name: limit, in: query, x-respondkit-selects: false,"}, {"{name: ids, in: query,", "{name: ids, in: query, x-respondkit-selects: false,"}},
			want:    []string{"operation listThings: x-respondkit-guard: no query parameter selects (x-respondkit-selects: true)"}},
		{name: "guard that names no field", old: "      x-respondkit-paging:", new: "      x-respondkit-guard: {confirm: all}\n      x-respondkit-paging:",
			want: []string{`operation listThings: x-respondkit-guard.confirm "all" is not an exported Go name`}},
		{name: "wait whose pending overlaps", old: "      operationId: getThing\n", new: "      operationId: getThing\n      x-respondkit-wait: {name: WaitForThing, get: GetThing, what: thing, status: s, success: [done], failure: [failed], pending: [failed], onFailure: thingFailed}\n",
			want: []string{`operation getThing: x-respondkit-wait: status "failed" is both failure and pending`}},
		{name: "shorthands over a parameter that is no required enum", old: "      operationId: getThing\n", new: "      operationId: getThing\n      x-respondkit-shorthands: {argument: kind, ids: ids, methods: [{name: Grow, value: grow, doc: grows things}]}\n",
			want: []string{`operation getThing: x-respondkit-shorthands.argument "kind" is not a required enum query parameter`}},
		{name: "shorthands of a paged operation", old: "      x-respondkit-paging:", new: "      x-respondkit-shorthands: {argument: ids, ids: ids, methods: [{name: Grow, value: grow, doc: grows things}]}\n      x-respondkit-paging:",
			want: []string{"operation listThings: x-respondkit-shorthands: only for an operation whose method is generated"}},
		{name: "method request not a Go name", old: "      operationId: getThing\n", new: "      operationId: getThing\n      x-respondkit-method: {name: GetThing, request: {name: thingRequest, doc: names a thing}}\n",
			want: []string{"operation getThing: x-respondkit-method.request: name must be an exported Go name, with a doc"}},
		{name: "generated sentinel without doc", old: "      operationId: getThing\n", new: "      operationId: getThing\n      x-respondkit-method: {name: GetThing, errors: [{status: 404, sentinel: ErrNoThing, message: no thing}]}\n",
			want: []string{"operation getThing: x-respondkit-method.errors[0] (ErrNoThing): message and doc go together"}},
		{name: "batch of a scalar", old: "      operationId: getThing\n", new: "      operationId: getThing\n      x-respondkit-batch: {items: id, max: 10, parallel: 2}\n",
			want: []string{`operation getThing: x-respondkit-batch.items "id" is not an array query parameter`}},
		{name: "batch size", old: "      x-respondkit-paging:", new: "      x-respondkit-batch: {items: ids, max: 0, parallel: 1}\n      x-respondkit-paging:",
			want: []string{"operation listThings: x-respondkit-batch.max 0: want at least 1"}},
		{name: "type alias on a scalar", old: "Size: {type: integer, description: The size.}", new: "Size: {type: integer, description: The size., x-respondkit-type: Size}",
			want: []string{"schema Size: x-respondkit-type is for object schemas"}},
		{name: "type alias not exported", old: "      description: A thing.\n", new: "      description: A thing.\n      x-respondkit-type: thing\n",
			want: []string{`schema Thing: x-respondkit-type "thing" is not an exported Go name`}},
		{name: "method on a paged operation", old: "      x-respondkit-paging:", new: "      x-respondkit-method: {name: List}\n      x-respondkit-paging:",
			want: []string{"operation listThings: x-respondkit-method: a paged operation gets a page method and an iterator"}},
		{name: "method name", old: "      operationId: getThing\n", new: "      operationId: getThing\n      x-respondkit-method: {name: getThing}\n",
			want: []string{`operation getThing: x-respondkit-method.name "getThing" is not an exported Go name`}},
		{name: "method envelope", old: "      operationId: getThing\n", new: "      operationId: getThing\n      x-respondkit-method: {envelope: soap}\n",
			want: []string{`operation getThing: x-respondkit-method.envelope "soap": want msa`}},
		{name: "hand-written method with generation fields", old: "      operationId: getThing\n", new: "      operationId: getThing\n      x-respondkit-method: {name: GetThing, hand: why, discard: true}\n",
			want: []string{"operation getThing: x-respondkit-method.hand: a hand-written method takes no other field than name"}},
		{name: "error mapping to an undeclared answer", old: "      operationId: getThing\n", new: "      operationId: getThing\n      x-respondkit-method: {errors: [{status: 409, sentinel: ErrBusy}]}\n",
			want: []string{"operation getThing: x-respondkit-method.errors[0].status 409: the operation declares no such answer"}},
		{name: "error mapping sentinel", old: "      operationId: getThing\n", new: "      operationId: getThing\n      x-respondkit-method: {errors: [{status: 404, sentinel: errGone}]}\n",
			want: []string{`operation getThing: x-respondkit-method.errors[0].sentinel "errGone" is not an exported Go name`}},
		{name: "order without batch", old: "      operationId: getThing\n", new: "      operationId: getThing\n      x-respondkit-method: {envelope: msa, order: id}\n",
			want: []string{"operation getThing: x-respondkit-method.order: only for ids batched in the query"}},
		{name: "string type alias without values", old: "    Size: {type: integer, description: The size.}\n",
			new:  "    Size: {type: integer, description: The size.}\n    Kind: {type: string, description: The kind., x-respondkit-type: Kind}\n",
			want: []string{"schema Kind: x-respondkit-type on a string schema needs its enum, or known values for an open set", "components/schemas/Kind is not used"}},
		{name: "region host not among the server's", old: "servers: [{url: 'https://api.example.com', description: Production.}]",
			new:  "servers: [{url: 'https://{host}', description: P., variables: {host: {default: a.example.com, enum: [a.example.com], x-respondkit-regions: [[A, a, b.example.com]]}}}]",
			want: []string{`server variable host: x-respondkit-regions[0]: host "b.example.com" is not in the variable's enum`}},
		{
			name: "unused parameter and scheme",
			old:  "  parameters:\n    ID:",
			new:  "    basic: {type: http, scheme: basic, description: B.}\n  parameters:\n    Spare: {name: s, in: query, description: S., schema: {type: string}}\n    ID:",
			want: []string{"components/parameters/Spare is not used", `security scheme "basic" is never required`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := lintBase
			if tt.old != "" {
				if strings.Count(spec, tt.old) != 1 {
					t.Fatalf("%q does not occur exactly once", tt.old)
				}
				spec = strings.Replace(spec, tt.old, tt.new, 1)
			}
			for _, r := range tt.replace {
				if strings.Count(spec, r[0]) != 1 {
					t.Fatalf("%q does not occur exactly once", r[0])
				}
				spec = strings.Replace(spec, r[0], r[1], 1)
			}
			doc, err := LoadData([]byte(spec))
			if err != nil {
				t.Fatal(err)
			}
			got := Lint(doc)
			if len(got) != len(tt.want) {
				t.Fatalf("problems %q, want %d: %q", got, len(tt.want), tt.want)
			}
			for _, w := range tt.want {
				found := false
				for _, g := range got {
					found = found || strings.Contains(g, w)
				}
				if !found {
					t.Errorf("no problem containing %q in %q", w, got)
				}
			}
		})
	}
}
