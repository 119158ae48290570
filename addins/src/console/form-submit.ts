/**
 * @module
 * A form's submit handler that keeps the browser from navigating and runs `fn`: every console
 * form submits by Enter or its button through this.
 * @example h('form', { onSubmit: submitted(save) }, ...)
 */
export const submitted =
  (fn: () => void) =>
  (e: { preventDefault(): void }): void => {
    e.preventDefault();
    fn();
  };
