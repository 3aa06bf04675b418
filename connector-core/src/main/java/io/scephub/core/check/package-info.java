/** Online checks of configured enrollments and devices, shared by {@code validate --online} and {@code doctor}. */
package io.scephub.core.check;
