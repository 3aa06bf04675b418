/**
 * Reads of vendor objects kept between runs. Jamf Classic and Workspace ONE UEM list only ids and
 * names, so every object costs one GET per plan; an object whose listing entry is unchanged and
 * that scephub read or wrote within the reuse window is taken from the state store instead.
 */
package io.scephub.core.reads;
