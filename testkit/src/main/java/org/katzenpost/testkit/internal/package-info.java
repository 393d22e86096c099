/**
 * Implementation of {@link org.katzenpost.testkit.KpclientdSimulator}. Not API: these classes may change
 * without notice.
 */
package org.katzenpost.testkit.internal;
