package fixes

import "wpsdoctor/fixes/plan"

// The model of a fix lives in package plan (pure data: the window and the
// tray import it without linking the platform code this package needs);
// these names keep the engine's own code short.
type (
	Elevation   = plan.Elevation
	Plan        = plan.Plan
	Step        = plan.Step
	Kind        = plan.Kind
	Action      = plan.Action
	RegValue    = plan.RegValue
	Outcome     = plan.Outcome
	StepOutcome = plan.StepOutcome
	Result      = plan.Result
	Progress    = plan.Progress
	Entry       = plan.Entry
)

const (
	ElevationNever     = plan.ElevationNever
	ElevationSometimes = plan.ElevationSometimes
	ElevationAlways    = plan.ElevationAlways

	OutcomeFixed      = plan.OutcomeFixed
	OutcomeNotFixed   = plan.OutcomeNotFixed
	OutcomePartly     = plan.OutcomePartly
	OutcomeApplied    = plan.OutcomeApplied
	OutcomeFailed     = plan.OutcomeFailed
	OutcomeRolledBack = plan.OutcomeRolledBack
	OutcomeCancelled  = plan.OutcomeCancelled
	OutcomeDenied     = plan.OutcomeDenied
	OutcomeUndone     = plan.OutcomeUndone

	KindExec        = plan.KindExec
	KindWriteFile   = plan.KindWriteFile
	KindQuarantine  = plan.KindQuarantine
	KindRestore     = plan.KindRestore
	KindRegistrySet = plan.KindRegistrySet
	KindNFTUnmark   = plan.KindNFTUnmark
	KindCloseApps   = plan.KindCloseApps
	KindRestartApp  = plan.KindRestartApp
	KindSetMode     = plan.KindSetMode
)
