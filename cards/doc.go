// Package cards renders themed OpenGraph and X card images.
package cards
