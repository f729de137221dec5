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
