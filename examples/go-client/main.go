// Command go-client drives a Transformation run to its end over gRPC with the Go code generated
// from proto/ (module github.com/ameide/platform/gen/go): StartRun, then GetRun until the run
// ends, approving each gate it opens. It prints one JSON line describing the run and exits 0 only
// when the run is done.
//
//	AMEIDE_TOKEN=$(npx ameide token --tenant local --role operator --role approver --role viewer) \
//	  go run . -repo-url file:///.../sample-service.git -commit <sha>
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"time"

	"connectrpc.com/connect"

	processv1 "github.com/ameide/platform/gen/go/ameide_core_proto/process/transformation/v1"
	"github.com/ameide/platform/gen/go/ameide_core_proto/process/transformation/v1/processtransformationv1connect"
	commonv1 "github.com/ameide/platform/gen/go/ameide_core_proto/transformation/common/v1"
	workv1 "github.com/ameide/platform/gen/go/ameide_core_proto/transformation/work/v1"
)

type options struct {
	processURL, tenant, repository, initiative, repoURL, commit, key, suite string
	environments                                                            []string
	timeout                                                                 time.Duration
}

func main() {
	var o options
	var env string
	flag.StringVar(&o.processURL, "process", "http://127.0.0.1:8082", "the Process service's URL")
	flag.StringVar(&o.tenant, "tenant", "local", "tenant id (must be the token's)")
	flag.StringVar(&o.repository, "repository", "sample-service", "repository id (registered for the tenant)")
	flag.StringVar(&o.initiative, "initiative", "polyglot", "initiative id")
	flag.StringVar(&o.repoURL, "repo-url", "", "the repository's clone URL")
	flag.StringVar(&o.commit, "commit", "", "the commit to start from")
	flag.StringVar(&o.key, "key", fmt.Sprintf("go-client-%d", time.Now().UnixNano()), "StartRun's idempotency key")
	flag.StringVar(&o.suite, "suite", "", "verification suite of the repository's .ameide/work.yaml")
	flag.StringVar(&env, "env", "staging", "environment promoted during release")
	flag.DurationVar(&o.timeout, "timeout", 5*time.Minute, "how long the run may take")
	flag.Parse()
	o.environments = []string{env}
	token := os.Getenv("AMEIDE_TOKEN")
	if token == "" || o.repoURL == "" {
		fmt.Fprintln(os.Stderr, "go-client: set AMEIDE_TOKEN and -repo-url (see the command's doc comment)")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	view, err := drive(ctx, o, token)
	if err != nil {
		fmt.Fprintln(os.Stderr, "go-client:", err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(summary(view)); err != nil {
		os.Exit(1)
	}
	if view.GetPhase() != processv1.RunPhase_RUN_PHASE_DONE {
		fmt.Fprintf(os.Stderr, "go-client: run %s ended in %s: %s\n", view.GetProcessInstanceId(), view.GetPhase(), view.GetReason())
		os.Exit(1)
	}
}

// grpcClient speaks gRPC (HTTP/2 without TLS, as the local platform serves it) with a bearer token.
func grpcClient(token string) (*http.Client, connect.ClientOption) {
	var protocols http.Protocols
	protocols.SetUnencryptedHTTP2(true)
	auth := connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+token)
			return next(ctx, req)
		}
	})
	return &http.Client{Transport: &http.Transport{Protocols: &protocols}}, connect.WithClientOptions(connect.WithGRPC(), connect.WithInterceptors(auth))
}

func drive(ctx context.Context, o options, token string) (*processv1.RunView, error) {
	httpClient, opts := grpcClient(token)
	commands := processtransformationv1connect.NewTransformationProcessCommandServiceClient(httpClient, o.processURL, opts)
	queries := processtransformationv1connect.NewTransformationProcessQueryServiceClient(httpClient, o.processURL, opts)
	scope := &commonv1.Scope{TenantId: o.tenant, RepositoryId: o.repository}
	started, err := commands.StartRun(ctx, &processv1.StartRunRequest{
		Context:        &commonv1.CommandContext{Scope: scope, CorrelationId: o.key},
		IdempotencyKey: o.key,
		Input: &processv1.RunInput{
			Scope:        scope,
			InitiativeId: o.initiative,
			Title:        "A run driven from Go",
			Request:      "Add a change log entry",
			Checkout:     &workv1.RepoCheckout{RepoUrl: o.repoURL, CommitSha: o.commit},
			Policy: &processv1.RunPolicy{
				MaxVerifyRounds:        2,
				RequireReleaseApproval: true,
				Environments:           o.environments,
				VerificationSuiteRef:   o.suite,
			},
		},
	})
	if err != nil {
		return nil, fmt.Errorf("StartRun: %w", err)
	}
	id := started.GetProcessInstanceId()
	fmt.Fprintf(os.Stderr, "go-client: run %s started\n", id)
	decided := map[string]bool{}
	for {
		got, err := queries.GetRun(ctx, &processv1.GetRunRequest{Scope: scope, ProcessInstanceId: id})
		if err != nil {
			return nil, fmt.Errorf("GetRun %s: %w", id, err)
		}
		view := got.GetRun()
		if view.GetEnded() {
			return view, nil
		}
		for _, gate := range view.GetOpenGates() {
			if decided[gate.GetGateRef()] {
				continue
			}
			fmt.Fprintf(os.Stderr, "go-client: approving %s (%s)\n", gate.GetGateRef(), gate.GetKind())
			_, err := commands.DecideGate(ctx, &processv1.DecideGateRequest{
				Context:           &commonv1.CommandContext{Scope: scope},
				IdempotencyKey:    id + "/" + gate.GetGateRef(),
				ProcessInstanceId: id,
				GateRef:           gate.GetGateRef(),
				Decision:          processv1.GateDecision_GATE_DECISION_APPROVED,
				Comment:           "approved by the Go client",
			})
			if err != nil {
				return nil, fmt.Errorf("DecideGate %s: %w", gate.GetGateRef(), err)
			}
			decided[gate.GetGateRef()] = true
		}
		select {
		case <-ctx.Done():
			return nil, errors.New("run " + id + " did not end in time (phase " + view.GetPhase().String() + ")")
		case <-time.After(500 * time.Millisecond):
		}
	}
}

type runSummary struct {
	ProcessInstanceID string            `json:"process_instance_id"`
	Phase             string            `json:"phase"`
	Reason            string            `json:"reason,omitempty"`
	WorkRequestIDs    []string          `json:"work_request_ids"`
	Decisions         []string          `json:"decisions"`
	PromotedDigests   map[string]string `json:"promoted_digests"`
}

func summary(view *processv1.RunView) runSummary {
	s := runSummary{ProcessInstanceID: view.GetProcessInstanceId(), Phase: view.GetPhase().String(), Reason: view.GetReason(), PromotedDigests: view.GetPromotedDigests()}
	s.WorkRequestIDs = []string{}
	for _, w := range view.GetWorkItems() {
		s.WorkRequestIDs = append(s.WorkRequestIDs, w.GetWorkRequestId())
	}
	s.Decisions = []string{}
	for _, d := range view.GetDecisions() {
		s.Decisions = append(s.Decisions, d.GetGateRef()+"="+d.GetDecision().String()+" by "+d.GetDecidedBy().GetActorId())
	}
	return s
}
