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
