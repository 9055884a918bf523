import { EMPTY_SERVICES_VIEW, type ServiceViewSource, type ServicesView } from './service-view.js';

/** A source whose view never changes: the empty one, until the Service documents' source is wired in. */
export function staticViewSource(view: ServicesView = EMPTY_SERVICES_VIEW): ServiceViewSource {
  return { current: () => view, onChange: () => () => undefined };
}
