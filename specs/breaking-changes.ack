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

# 0.1.0 development: value types (optional fields and parameters are values with omitzero, pointers only where
# absent, null and zero differ; typed Sysdig action constants; uuid.UUID ids in Waldur method parameters).
go clients/sysdig (*ExecutionFailedError).Failure  # Execution.Failure is a value: the zero Failure when the service reported none
go clients/sysdig ActionDeleteNetworkPolicy  # the action constants are typed ActionType (sysdigapi.ActionType), as the fields they go in
go clients/sysdig ActionDeletePod  # the action constants are typed ActionType (sysdigapi.ActionType), as the fields they go in
go clients/sysdig ActionFileAcquire  # the action constants are typed ActionType (sysdigapi.ActionType), as the fields they go in
go clients/sysdig ActionFileQuarantine  # the action constants are typed ActionType (sysdigapi.ActionType), as the fields they go in
go clients/sysdig ActionFileUnquarantine  # the action constants are typed ActionType (sysdigapi.ActionType), as the fields they go in
go clients/sysdig ActionGetLogs  # the action constants are typed ActionType (sysdigapi.ActionType), as the fields they go in
go clients/sysdig ActionIsolateNetwork  # the action constants are typed ActionType (sysdigapi.ActionType), as the fields they go in
go clients/sysdig ActionKillContainer  # the action constants are typed ActionType (sysdigapi.ActionType), as the fields they go in
go clients/sysdig ActionKillProcess  # the action constants are typed ActionType (sysdigapi.ActionType), as the fields they go in
go clients/sysdig ActionKubernetesDeleteVolumeSnapshot  # the action constants are typed ActionType (sysdigapi.ActionType), as the fields they go in
go clients/sysdig ActionKubernetesVolumeSnapshot  # the action constants are typed ActionType (sysdigapi.ActionType), as the fields they go in
go clients/sysdig ActionPauseContainer  # the action constants are typed ActionType (sysdigapi.ActionType), as the fields they go in
go clients/sysdig ActionRolloutRestart  # the action constants are typed ActionType (sysdigapi.ActionType), as the fields they go in
go clients/sysdig ActionStartContainer  # the action constants are typed ActionType (sysdigapi.ActionType), as the fields they go in
go clients/sysdig ActionStopContainer  # the action constants are typed ActionType (sysdigapi.ActionType), as the fields they go in
go clients/sysdig ActionUnpauseContainer  # the action constants are typed ActionType (sysdigapi.ActionType), as the fields they go in
go clients/waldur (*Client).Execute  # a user action id is a uuid.UUID, the type of UserAction.UUID in results
go clients/waldur (*Client).Get  # a user action id is a uuid.UUID, the type of UserAction.UUID in results
go clients/waldur (*Client).Silence  # a user action id is a uuid.UUID, the type of UserAction.UUID in results
go clients/waldur (*Client).Unsilence  # a user action id is a uuid.UUID, the type of UserAction.UUID in results
go gen/falconapi APIError.ID  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi CreateRTResponsePoliciesResponse201Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi CreateRTResponsePoliciesResponse400Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi CreateRTResponsePoliciesResponse403Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi CreateRTResponsePoliciesResponse404Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi CreateRTResponsePoliciesResponse429Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi CreateRTResponsePoliciesResponse500Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi CreateRTResponsePoliciesResponseDefaultHeaders.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi DeleteRTResponsePoliciesResponse200Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi DeleteRTResponsePoliciesResponse403Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi DeleteRTResponsePoliciesResponse404Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi DeleteRTResponsePoliciesResponse429Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi DeleteRTResponsePoliciesResponse500Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi DeleteRTResponsePoliciesResponseDefaultHeaders.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi Device  # its optional fields are values now, some of them slices or maps, so it is no longer comparable
go gen/falconapi Device.AgentLoadFlags  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.AgentLocalTime  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.AgentVersion  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.BaseImageVersion  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.BiosManufacturer  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.BiosVersion  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.BuildNumber  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.CPUSignature  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.CPUVendor  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ChassisType  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ChassisTypeDesc  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.CloudServiceCompartmentID  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ConfigIDBase  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ConfigIDBuild  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ConfigIDPlatform  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ConnectionIP  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ConnectionMacAddress  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.Criticality  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.DefaultGatewayIP  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.DeploymentType  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.DetectionSuppressionStatus  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.DevicePolicies  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.Email  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ExternalIP  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.FilesystemContainmentStatus  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.FirstLoginTimestamp  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.FirstLoginUser  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.FirstSeen  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.GroupHash  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.Groups  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.HostDeletedStatus  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.HostHiddenStatus  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.HostUtcOffset  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.Hostname  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.InstanceID  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.InternetExposure  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.K8SClusterGitVersion  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.K8SClusterID  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.K8SClusterVersion  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.KernelVersion  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.LastLoginTimestamp  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.LastLoginUID  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.LastLoginUser  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.LastLoginUserSid  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.LastReboot  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.LastSeen  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.LicenseActivationState  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.LinuxSensorMode  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.LocalIP  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.MacAddress  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.MachineDomain  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.MajorVersion  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ManagedApps  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.Meta  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.MigrationCompletedTime  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.MinorVersion  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ModifiedTimestamp  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.Notes  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.OsBuild  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.OsProductName  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.OsVersion  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.Ou  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.PlatformID  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.PlatformName  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.PodAnnotations  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.PodHostIp4  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.PodHostIp6  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.PodHostname  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.PodID  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.PodIp4  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.PodIp6  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.PodLabels  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.PodName  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.PodNamespace  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.PodServiceAccountName  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.PointerSize  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.Policies  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ProductType  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ProductTypeDesc  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ProvisionStatus  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ReducedFunctionalityMode  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ReleaseGroup  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.RtrState  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.SafeMode  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.SerialNumber  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ServicePackMajor  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ServicePackMinor  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ServiceProvider  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ServiceProviderAccountID  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.SiteName  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.SlowChangingModifiedTimestamp  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.Status  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.SystemManufacturer  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.SystemProductName  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.Tags  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Device.ZoneGroup  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi DeviceMeta.Version  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi DeviceMeta.VersionString  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi DevicePolicy  # its optional fields are values now, some of them slices or maps, so it is no longer comparable
go gen/falconapi DevicePolicy.Applied  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi DevicePolicy.AppliedDate  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi DevicePolicy.AssignedDate  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi DevicePolicy.Exempt  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi DevicePolicy.RuleGroups  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi DevicePolicy.RuleSetID  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi DevicePolicy.SettingsHash  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi DevicePolicy.UninstallProtection  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi EntityActionRequest.ActionParameters  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi ErrorsOnly  # its optional fields are values now, some of them slices or maps, so it is no longer comparable
go gen/falconapi ErrorsOnly.Errors  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi GetRTResponsePoliciesResponse200Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi GetRTResponsePoliciesResponse403Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi GetRTResponsePoliciesResponse404Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi GetRTResponsePoliciesResponse429Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi GetRTResponsePoliciesResponse500Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi GetRTResponsePoliciesResponseDefaultHeaders.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi HostGroup.AssignmentRule  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi HostGroup.GroupType  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi MetaInfo.PoweredBy  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi MetaInfo.Writes  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi Oauth2AccessTokenResponse201Headers.XCSRegion  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi Oauth2AccessTokenResponse201Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi Oauth2AccessTokenResponse308Headers.Location  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi Oauth2AccessTokenResponse308Headers.XCSRegion  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi Oauth2AccessTokenResponse400Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi Oauth2AccessTokenResponse403Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi Oauth2AccessTokenResponse429Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi Oauth2AccessTokenResponse500Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi Oauth2RevokeTokenResponse200Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi Oauth2RevokeTokenResponse400Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi Oauth2RevokeTokenResponse403Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi Oauth2RevokeTokenResponse429Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi Oauth2RevokeTokenResponse500Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi PerformRTResponsePoliciesActionResponse200Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi PerformRTResponsePoliciesActionResponse400Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi PerformRTResponsePoliciesActionResponse403Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi PerformRTResponsePoliciesActionResponse404Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi PerformRTResponsePoliciesActionResponse429Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi PerformRTResponsePoliciesActionResponse500Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi PerformRTResponsePoliciesActionResponseDefaultHeaders.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi PoliciesResponse.Errors  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi PolicyCreate  # its optional fields are values now, some of them slices or maps, so it is no longer comparable
go gen/falconapi PolicyCreate.CloneID  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi PolicyCreate.Description  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi PolicyCreate.Settings  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi PolicyMembersResponse.Errors  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi QueryCombinedRTResponsePoliciesParams.Filter  # an optional parameter is a value, left out of the query when zero as nil was
go gen/falconapi QueryCombinedRTResponsePoliciesParams.Limit  # an optional parameter is a value, left out of the query when zero as nil was
go gen/falconapi QueryCombinedRTResponsePoliciesParams.Sort  # an optional parameter is a value, left out of the query when zero as nil was
go gen/falconapi QueryCombinedRTResponsePoliciesResponse200Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryCombinedRTResponsePoliciesResponse400Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryCombinedRTResponsePoliciesResponse403Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryCombinedRTResponsePoliciesResponse429Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryCombinedRTResponsePoliciesResponse500Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryCombinedRTResponsePoliciesResponseDefaultHeaders.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryCombinedRTResponsePolicyMembersParams.Filter  # an optional parameter is a value, left out of the query when zero as nil was
go gen/falconapi QueryCombinedRTResponsePolicyMembersParams.Limit  # an optional parameter is a value, left out of the query when zero as nil was
go gen/falconapi QueryCombinedRTResponsePolicyMembersParams.PolicyID  # an optional parameter is a value, left out of the query when zero as nil was
go gen/falconapi QueryCombinedRTResponsePolicyMembersParams.Sort  # an optional parameter is a value, left out of the query when zero as nil was
go gen/falconapi QueryCombinedRTResponsePolicyMembersResponse200Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryCombinedRTResponsePolicyMembersResponse400Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryCombinedRTResponsePolicyMembersResponse403Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryCombinedRTResponsePolicyMembersResponse404Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryCombinedRTResponsePolicyMembersResponse429Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryCombinedRTResponsePolicyMembersResponse500Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryCombinedRTResponsePolicyMembersResponseDefaultHeaders.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryRTResponsePoliciesParams.Filter  # an optional parameter is a value, left out of the query when zero as nil was
go gen/falconapi QueryRTResponsePoliciesParams.Limit  # an optional parameter is a value, left out of the query when zero as nil was
go gen/falconapi QueryRTResponsePoliciesParams.Sort  # an optional parameter is a value, left out of the query when zero as nil was
go gen/falconapi QueryRTResponsePoliciesResponse200Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryRTResponsePoliciesResponse400Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryRTResponsePoliciesResponse403Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryRTResponsePoliciesResponse429Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryRTResponsePoliciesResponse500Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryRTResponsePoliciesResponseDefaultHeaders.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryRTResponsePolicyMembersParams.Filter  # an optional parameter is a value, left out of the query when zero as nil was
go gen/falconapi QueryRTResponsePolicyMembersParams.Limit  # an optional parameter is a value, left out of the query when zero as nil was
go gen/falconapi QueryRTResponsePolicyMembersParams.PolicyID  # an optional parameter is a value, left out of the query when zero as nil was
go gen/falconapi QueryRTResponsePolicyMembersParams.Sort  # an optional parameter is a value, left out of the query when zero as nil was
go gen/falconapi QueryRTResponsePolicyMembersResponse200Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryRTResponsePolicyMembersResponse400Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryRTResponsePolicyMembersResponse403Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryRTResponsePolicyMembersResponse404Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryRTResponsePolicyMembersResponse429Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryRTResponsePolicyMembersResponse500Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryRTResponsePolicyMembersResponseDefaultHeaders.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi QueryResponse.Errors  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi ReplyMetaOnly  # its optional fields are values now, some of them slices or maps, so it is no longer comparable
go gen/falconapi ReplyMetaOnly.Errors  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi RevokeRequest.ClientID  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi SetRTResponsePoliciesPrecedenceResponse200Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi SetRTResponsePoliciesPrecedenceResponse400Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi SetRTResponsePoliciesPrecedenceResponse403Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi SetRTResponsePoliciesPrecedenceResponse429Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi SetRTResponsePoliciesPrecedenceResponse500Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi SetRTResponsePoliciesPrecedenceResponseDefaultHeaders.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi Setting.Description  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi TokenRequest.MemberCID  # an optional field is a value (omitzero), left out when zero as nil was
go gen/falconapi UpdateRTResponsePoliciesResponse200Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi UpdateRTResponsePoliciesResponse400Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi UpdateRTResponsePoliciesResponse403Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi UpdateRTResponsePoliciesResponse404Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi UpdateRTResponsePoliciesResponse429Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi UpdateRTResponsePoliciesResponse500Headers.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/falconapi UpdateRTResponsePoliciesResponseDefaultHeaders.XCSTRACEID  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/sysdigapi ActionExecution.ActionExecutionIDBeingUndone  # an optional field is a value (omitzero), left out when zero as nil was
go gen/sysdigapi ActionExecution.CallerID  # an optional field is a value (omitzero), left out when zero as nil was
go gen/sysdigapi ActionExecution.Failure  # an optional field is a value (omitzero), left out when zero as nil was
go gen/sysdigapi ActionExecution.Outputs  # an optional field is a value (omitzero), left out when zero as nil was
go gen/sysdigapi ActionExecution.ResponderType  # an optional field is a value (omitzero), left out when zero as nil was
go gen/sysdigapi ActionExecution.UpdatedAt  # an optional field is a value (omitzero), left out when zero as nil was
go gen/sysdigapi ActionExecution.UserID  # an optional field is a value (omitzero), left out when zero as nil was
go gen/sysdigapi Error  # its optional fields are values now, some of them slices or maps, so it is no longer comparable
go gen/sysdigapi Error.Details  # an optional field is a value (omitzero), left out when zero as nil was
go gen/sysdigapi Error.Message  # an optional field is a value (omitzero), left out when zero as nil was
go gen/sysdigapi Error.Type  # an optional field is a value (omitzero), left out when zero as nil was
go gen/sysdigapi GetActionExecutionsv1Params.CallerID  # an optional parameter is a value, left out of the query when zero as nil was
go gen/sysdigapi GetActionExecutionsv1Params.Filter  # an optional parameter is a value, left out of the query when zero as nil was
go gen/sysdigapi GetActionExecutionsv1Params.From  # an optional parameter is a value, left out of the query when zero as nil was
go gen/sysdigapi GetActionExecutionsv1Params.Limit  # an optional parameter is a value, left out of the query when zero as nil was
go gen/sysdigapi GetActionExecutionsv1Params.To  # an optional parameter is a value, left out of the query when zero as nil was
go gen/sysdigapi GetActionsV1Params  # its optional fields are values now, some of them slices or maps, so it is no longer comparable
go gen/sysdigapi GetActionsV1Params.Context  # an optional parameter is a value, left out of the query when zero as nil was
go gen/sysdigapi InvalidRequest  # its optional fields are values now, some of them slices or maps, so it is no longer comparable
go gen/sysdigapi InvalidRequest.Details  # an optional field is a value (omitzero), left out when zero as nil was
go gen/sysdigapi ResponseAction.Outputs  # an optional field is a value (omitzero), left out when zero as nil was
go gen/sysdigapi ResponseAction.ResponderType  # an optional field is a value (omitzero), left out when zero as nil was
go gen/sysdigapi SubmitActionExecutionRequest.CallerID  # an optional field is a value (omitzero), left out when zero as nil was
go gen/sysdigapi SubmitUndoActionExecutionRequest.CallerID  # an optional field is a value (omitzero), left out when zero as nil was
go gen/sysdigapi UndoActionExecutionV1Params.CallerID  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi CorrectiveAction  # its optional fields are values now, some of them slices or maps, so it is no longer comparable
go gen/waldurapi CorrectiveAction.APIEndpoint  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi CorrectiveAction.ConfirmationRequired  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi CorrectiveAction.Metadata  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi CorrectiveAction.Method  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi CorrectiveAction.PermissionsRequired  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi CorrectiveAction.RouteParams  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi ExecuteActionError.Detail  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi ExecuteActionError.Error  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi ExecuteActionResponse  # its optional fields are values now, some of them slices or maps, so it is no longer comparable
go gen/waldurapi ExecuteActionResponse.Message  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi ExecuteActionResponse.Metadata  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi ExecuteActionResponse.RedirectURL  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi SilenceActionRequest.DurationDays  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi UpdateActionsResponse.Message  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi UserAction.IsSilenced  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi UserAction.OfferingName  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi UserAction.OfferingType  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi UserAction.OrderType  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi UserAction.OrganizationName  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi UserAction.ProjectName  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi UserAction.ResourceName  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi UserAction.RouteName  # an optional field is a value (omitzero), left out when zero as nil was
go gen/waldurapi UserActionsBulkSilenceParams.ActionType  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsBulkSilenceParams.CreatedAfter  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsBulkSilenceParams.CreatedBefore  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsBulkSilenceParams.IncludeSilenced  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsBulkSilenceParams.OrderBy  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsBulkSilenceParams.Urgency  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsBulkSilenceParams.UserUUID  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsExecuteActionParams.IncludeSilenced  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsListParams.ActionType  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsListParams.CreatedAfter  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsListParams.CreatedBefore  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsListParams.IncludeSilenced  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsListParams.OrderBy  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsListParams.Page  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsListParams.PageSize  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsListParams.Urgency  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsListParams.UserUUID  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsListResponse200Headers.Link  # a string response header is a value, empty when the header is absent (integer headers keep their pointer)
go gen/waldurapi UserActionsRetrieveParams.IncludeSilenced  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsSilenceParams.IncludeSilenced  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsSummaryRetrieveParams.ActionType  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsSummaryRetrieveParams.CreatedAfter  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsSummaryRetrieveParams.CreatedBefore  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsSummaryRetrieveParams.IncludeSilenced  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsSummaryRetrieveParams.OrderBy  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsSummaryRetrieveParams.Urgency  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi UserActionsSummaryRetrieveParams.UserUUID  # an optional parameter is a value, left out of the query when zero as nil was
go gen/waldurapi ValidationError.NonFieldErrors  # an optional field is a value (omitzero), left out when zero as nil was

# 0.1.0 development: one style, safe zero values (request structs instead of adjacent strings and positional booleans; ids as []string everywhere; no zero value means everything or for ever).
go clients/falcon (*Client).AddHostGroup  # request struct or explicit value instead of positional strings, variadic ids or a zero that meant everything
go clients/falcon (*Client).AddRuleGroup  # request struct or explicit value instead of positional strings, variadic ids or a zero that meant everything
go clients/falcon (*Client).Disable  # request struct or explicit value instead of positional strings, variadic ids or a zero that meant everything
go clients/falcon (*Client).Enable  # request struct or explicit value instead of positional strings, variadic ids or a zero that meant everything
go clients/falcon (*Client).RemoveHostGroup  # request struct or explicit value instead of positional strings, variadic ids or a zero that meant everything
go clients/falcon (*Client).RemoveRuleGroup  # request struct or explicit value instead of positional strings, variadic ids or a zero that meant everything
go clients/sysdig (*Client).Undo  # request struct or explicit value instead of positional strings, variadic ids or a zero that meant everything
go clients/waldur (*Client).BulkSilence  # request struct or explicit value instead of positional strings, variadic ids or a zero that meant everything
go clients/waldur (*Client).UpdateActions  # request struct or explicit value instead of positional strings, variadic ids or a zero that meant everything

# 0.1.0 development: Waldur's o (ordering) is modelled as the comma-separated array it is (style form, explode false,
# enum items) instead of a string with a pattern: the same query on the wire, checked item by item, no regexp linked.
specs/waldur/openapi.yaml request-parameter-type-changed GET /api/user-actions/  # same comma-separated o on the wire
specs/waldur/openapi.yaml request-parameter-type-changed POST /api/user-actions/bulk_silence/  # same comma-separated o on the wire
specs/waldur/openapi.yaml request-parameter-type-changed GET /api/user-actions/summary/  # same comma-separated o on the wire
go gen/waldurapi OrderBy  # the o parameter is an array of orderings, sent comma-separated as before
go gen/waldurapi UserActionsBulkSilenceParams  # holds the OrderBy slice now: no longer comparable
go gen/waldurapi UserActionsListParams  # holds the OrderBy slice now: no longer comparable
go gen/waldurapi UserActionsSummaryRetrieveParams  # holds the OrderBy slice now: no longer comparable

# Issue 20: one API across the clients, every operation generated.
go . Page.Total  # one integer type (int) for Total, Next, positions and Count
go clients/faketest DelayFault  # renamed StallFault, after the kind (KindStall) it builds
go clients/faketest Drop  # fault kinds renamed KindDrop, ...: no constant named like the field Fault.Status
go clients/faketest Stall  # fault kinds renamed KindStall, ...: no constant named like the field Fault.Status
go clients/faketest Status  # fault kinds renamed KindStatus, ...: faketest.Status collided with the field Fault.Status
go clients/faketest Truncate  # fault kinds renamed KindTruncate, ...: no constant named like the field Fault.Status
go clients/faketest RateLimitFault  # renamed RateLimitHeadersFault: falcontest.RateLimitFault shared the name, not the signature
go clients/falcon (*Client).PerformAction  # typed ActionRequest{IDs, ActionParameters} instead of a map of parameters the spec knows
go clients/falcon MemberOptions.PolicyID  # a required id is an argument (QueryMembers(ctx, policyID, opts)), not an option field
go clients/falcon (*Client).QueryMemberIDs  # the policy id is an argument, not MemberOptions.PolicyID
go clients/falcon (*Client).QueryMemberIDsPage  # the policy id is an argument, not MemberOptions.PolicyID
go clients/falcon (*Client).QueryMembers  # the policy id is an argument, not MemberOptions.PolicyID
go clients/falcon (*Client).QueryMembersPage  # the policy id is an argument, not MemberOptions.PolicyID
go clients/falcon DefaultRetryPolicy  # RetryPolicy is respondkit.RetryPolicy, a public type with its fields in go doc
go clients/falcon Error  # Error is respondkit.Error, one public type for the three clients (tell them apart by Error.API)
go clients/falcon RetryPolicy  # RetryPolicy is respondkit.RetryPolicy, a public type with its fields in go doc
go clients/falcon WithRetryPolicy  # RetryPolicy is respondkit.RetryPolicy, a public type with its fields in go doc
go clients/falcon options.Retry  # unexported option struct; users never compare or name it
go clients/sysdig (*Client).ListActions  # options are value structs: ActionsOptions{Context}
go clients/sysdig DefaultRetryPolicy  # RetryPolicy is respondkit.RetryPolicy, a public type with its fields in go doc
go clients/sysdig Error  # Error is respondkit.Error, one public type for the three clients (tell them apart by Error.API)
go clients/sysdig RetryPolicy  # RetryPolicy is respondkit.RetryPolicy, a public type with its fields in go doc
go clients/sysdig WithRetryPolicy  # RetryPolicy is respondkit.RetryPolicy, a public type with its fields in go doc
go clients/sysdig options.Retry  # unexported option struct; users never compare or name it
go clients/waldur DefaultRetryPolicy  # RetryPolicy is respondkit.RetryPolicy, a public type with its fields in go doc
go clients/waldur Error  # Error is respondkit.Error, one public type for the three clients (tell them apart by Error.API)
go clients/waldur RetryPolicy  # RetryPolicy is respondkit.RetryPolicy, a public type with its fields in go doc
go clients/waldur WithRetryPolicy  # RetryPolicy is respondkit.RetryPolicy, a public type with its fields in go doc
go clients/waldur options.Retry  # unexported option struct; users never compare or name it
go gen/falconapi Device.PlatformName  # a host's platform is the PlatformName enum, as a policy's is
go clients/sysdig (*Client).Submit  # SubmitRequest is the spec's request type (same fields) and Submit is generated
go clients/sysdig Parameters  # Parameters is respondkit.Values, what Execution.Parameters and Outputs hold too (same map[string]any)
go clients/sysdig SubmitRequest  # the spec's request type, with the same ActionType, Parameters and CallerID fields
go clients/sysdig/sysdigtest Params  # returns respondkit.Values, the execution's parameters as plain values
go gen/sysdigapi ActionExecution.Parameters  # parameters and outputs are respondkit.Values (string, int64, bool) instead of oneOf unions
go gen/sysdigapi ExecutionParameters  # respondkit.Values (x-go-type) instead of a map of oneOf unions
go gen/sysdigapi SubmitActionExecutionRequest.Parameters  # respondkit.Values (x-go-type) instead of a map of oneOf unions
