# Breaking changes acknowledged on purpose (see README, "Changing a spec"): one line per change,
# <spec file> <check id> <METHOD> <path>  # reason, or go <package> <identifier>  # reason.
go gen/falconapi GetSpec  # the embedded spec moved to gen/falconspec, which only the fake server imports
go gen/falconapi GetSpecJSON  # the embedded spec moved to gen/falconspec, which only the fake server imports
go gen/falconapi GetSwagger  # the embedded spec moved to gen/falconspec, which only the fake server imports
go gen/falconapi PathToRawSpec  # the embedded spec moved to gen/falconspec, which only the fake server imports
go gen/sysdigapi GetSpec  # the embedded spec moved to gen/sysdigspec, which only the fake server imports
go gen/sysdigapi GetSpecJSON  # the embedded spec moved to gen/sysdigspec, which only the fake server imports
go gen/sysdigapi GetSwagger  # the embedded spec moved to gen/sysdigspec, which only the fake server imports
go gen/sysdigapi PathToRawSpec  # the embedded spec moved to gen/sysdigspec, which only the fake server imports
go gen/waldurapi GetSpec  # the embedded spec moved to gen/waldurspec, which only the fake server imports
go gen/waldurapi GetSpecJSON  # the embedded spec moved to gen/waldurspec, which only the fake server imports
go gen/waldurapi GetSwagger  # the embedded spec moved to gen/waldurspec, which only the fake server imports
go gen/waldurapi PathToRawSpec  # the embedded spec moved to gen/waldurspec, which only the fake server imports

# 0.1.0 development: the fakes stop embedding httptest.Server and the internal kit (clients/faketest).
go clients/falcon/falcontest Server.Config  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/falcon/falcontest Server.EnableHTTP2  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/falcon/falcontest Server.Faults  # fault injection is the public clients/faketest kit now
go clients/falcon/falcontest Server.Listener  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/falcon/falcontest Server.Server  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/falcon/falcontest Server.TLS  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/falcon/falcontest github.com/respondkit/respondkit/clients/internal/fake.(*Server).ConnStates  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/falcon/falcontest net/http/httptest.(*Server).Certificate  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/falcon/falcontest net/http/httptest.(*Server).CloseClientConnections  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/falcon/falcontest net/http/httptest.(*Server).Start  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/falcon/falcontest net/http/httptest.(*Server).StartTLS  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/sysdig options  # unexported option struct; users never compare or name it
go clients/sysdig/sysdigtest Server.Config  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/sysdig/sysdigtest Server.EnableHTTP2  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/sysdig/sysdigtest Server.Faults  # fault injection is the public clients/faketest kit now
go clients/sysdig/sysdigtest Server.Listener  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/sysdig/sysdigtest Server.Server  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/sysdig/sysdigtest Server.TLS  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/sysdig/sysdigtest github.com/respondkit/respondkit/clients/internal/fake.(*Server).ConnStates  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/sysdig/sysdigtest net/http/httptest.(*Server).Certificate  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/sysdig/sysdigtest net/http/httptest.(*Server).CloseClientConnections  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/sysdig/sysdigtest net/http/httptest.(*Server).Start  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/sysdig/sysdigtest net/http/httptest.(*Server).StartTLS  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/waldur options  # unexported option struct; users never compare or name it
go clients/waldur/waldurtest Server.Config  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/waldur/waldurtest Server.EnableHTTP2  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/waldur/waldurtest Server.Faults  # fault injection is the public clients/faketest kit now
go clients/waldur/waldurtest Server.Listener  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/waldur/waldurtest Server.Server  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/waldur/waldurtest Server.TLS  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/waldur/waldurtest github.com/respondkit/respondkit/clients/internal/fake.(*Server).ConnStates  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/waldur/waldurtest net/http/httptest.(*Server).Certificate  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/waldur/waldurtest net/http/httptest.(*Server).CloseClientConnections  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/waldur/waldurtest net/http/httptest.(*Server).Start  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit
go clients/waldur/waldurtest net/http/httptest.(*Server).StartTLS  # the fake declares its own testing API instead of embedding httptest.Server and the internal kit

# 0.1.0 development: list operations, options, waiters and batchers generated from the specs (respondgen).
go clients/falcon (*Client).QueryMemberIDs  # generated from the spec: one page shape, the policy id in MemberOptions, the page size in the options
go clients/falcon (*Client).QueryMemberIDsPage  # generated from the spec: one page shape, the policy id in MemberOptions, the page size in the options
go clients/falcon (*Client).QueryMembers  # generated from the spec: one page shape, the policy id in MemberOptions, the page size in the options
go clients/falcon (*Client).QueryMembersPage  # generated from the spec: one page shape, the policy id in MemberOptions, the page size in the options
go clients/falcon (*Client).QueryPoliciesPage  # generated from the spec: one page shape, the policy id in MemberOptions, the page size in the options
go clients/falcon (*Client).QueryPolicyIDsPage  # generated from the spec: one page shape, the policy id in MemberOptions, the page size in the options
go clients/falcon BatchSize  # the limits live in the spec; PageSize 0 takes the maximum
go clients/falcon MaxOffsetEnd  # the limits live in the spec; PageSize 0 takes the maximum
go clients/falcon MaxPageSize  # the limits live in the spec; PageSize 0 takes the maximum
go clients/falcon Page  # generated from the spec: one page shape, the policy id in MemberOptions, the page size in the options
go clients/sysdig (*Client).ListExecutionsPage  # generated from the spec: one page shape (Page[T]) and shared WaitOptions
go clients/sysdig (*Client).WaitForExecution  # generated from the spec: one page shape (Page[T]) and shared WaitOptions
go clients/sysdig MaxPageSize  # the limits live in the spec; PageSize 0 takes the maximum
go clients/sysdig WaitOptions  # generated from the spec: one page shape (Page[T]) and shared WaitOptions
go clients/waldur (*Client).ListPage  # generated from the spec: one page shape, the page size in Filter, the uuid type of results
go clients/waldur Filter.UserUUID  # generated from the spec: one page shape, the page size in Filter, the uuid type of results
go clients/waldur MaxPageSize  # the limits live in the spec; PageSize 0 takes the maximum
go clients/waldur Page  # generated from the spec: one page shape, the page size in Filter, the uuid type of results
go gen/falconapi MemberPolicyID  # x-go-name in the spec: PolicyID for the member query id, OrderBy for the o parameter
go gen/falconapi QueryCombinedRTResponsePolicyMembersParams.ID  # x-go-name in the spec: PolicyID for the member query id, OrderBy for the o parameter
go gen/falconapi QueryRTResponsePolicyMembersParams.ID  # x-go-name in the spec: PolicyID for the member query id, OrderBy for the o parameter
go gen/waldurapi Ordering  # x-go-name in the spec: PolicyID for the member query id, OrderBy for the o parameter
go gen/waldurapi UserActionsBulkSilenceParams.Ordering  # x-go-name in the spec: PolicyID for the member query id, OrderBy for the o parameter
go gen/waldurapi UserActionsListParams.Ordering  # x-go-name in the spec: PolicyID for the member query id, OrderBy for the o parameter
go gen/waldurapi UserActionsSummaryRetrieveParams.Ordering  # x-go-name in the spec: PolicyID for the member query id, OrderBy for the o parameter
