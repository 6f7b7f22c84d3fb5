import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  readonly children: ReactNode;
  /** Where the failure happened, for the message ("the incident page"). */
  readonly where: string;
  /** Changing it (e.g. the URL) clears a caught error, so navigating away recovers. */
  readonly resetKey?: string;
}

interface State {
  readonly error: Error | undefined;
  readonly key: string | undefined;
}

/** Catches a rendering failure and shows what happened instead of a blank screen. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined, key: undefined };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (props.resetKey !== state.key) return { key: props.resetKey, error: state.key === undefined ? state.error : undefined };
    return null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Vigil console: ${this.props.where} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === undefined) return this.props.children;
    return (
      <section className="panel failure" role="alert">
        <h2>Something went wrong on {this.props.where}</h2>
        <p>{this.state.error.message}</p>
        <p>
          <button type="button" onClick={() => { this.setState({ error: undefined }); }}>
            Try again
          </button>{' '}
          <button type="button" onClick={() => { window.location.reload(); }}>
            Reload the console
          </button>
        </p>
      </section>
    );
  }
}
