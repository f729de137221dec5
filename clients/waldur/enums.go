package waldur

import "github.com/respondkit/respondkit/gen/waldurapi"

type (
	// Category is what kind of corrective action a CorrectiveAction is.
	Category = waldurapi.CorrectiveActionCategory
	// Severity is how consequential a corrective action is.
	Severity = waldurapi.CorrectiveActionSeverity
)

// Corrective action categories.
const (
	CategoryView      = waldurapi.CorrectiveActionCategoryView
	CategoryApprove   = waldurapi.CorrectiveActionCategoryApprove
	CategoryReject    = waldurapi.CorrectiveActionCategoryReject
	CategoryExtend    = waldurapi.CorrectiveActionCategoryExtend
	CategoryTerminate = waldurapi.CorrectiveActionCategoryTerminate
	CategoryBackup    = waldurapi.CorrectiveActionCategoryBackup
	CategoryMigrate   = waldurapi.CorrectiveActionCategoryMigrate
	CategoryContact   = waldurapi.CorrectiveActionCategoryContact
	CategoryEscalate  = waldurapi.CorrectiveActionCategoryEscalate
	CategoryConfigure = waldurapi.CorrectiveActionCategoryConfigure
	CategoryRepair    = waldurapi.CorrectiveActionCategoryRepair
	CategoryMonitor   = waldurapi.CorrectiveActionCategoryMonitor
)

// Corrective action severities.
const (
	SeveritySafe     = waldurapi.CorrectiveActionSeveritySafe
	SeverityLow      = waldurapi.CorrectiveActionSeverityLow
	SeverityMedium   = waldurapi.CorrectiveActionSeverityMedium
	SeverityHigh     = waldurapi.CorrectiveActionSeverityHigh
	SeverityCritical = waldurapi.CorrectiveActionSeverityCritical
)
